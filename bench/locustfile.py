"""Visitors for `make loadtest` (run by bench/loadtest.py, never against another host).

A mix of what people ask for: network pages most, then the landing page (with
and without a theme filter), search, the home page and the sitemap. Every
request arrives as the TLS proxy forwards it (X-Forwarded-Proto: https), and
counts as an error unless it is a 200 with the whole page in it.
"""

import json
import os
import random

from locust import HttpUser, between, task

SITE = json.loads(os.environ["LOADTEST_SITE"])
HEADERS = {"X-Forwarded-Proto": "https"}
SEARCH_WORDS = ["climate", "culture", "digital rights", "cities", "inclusive growth", "Eurocities", "health"]


class Visitor(HttpUser):
    # Short pauses: 50 visitors keep the server busy without one flooding it.
    wait_time = between(0.1, 0.5)

    def fetch(self, url, name, must_contain):
        with self.client.get(url, headers=HEADERS, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif must_contain not in response.text:
                response.failure(f"{must_contain!r} missing from the response")

    @task(5)
    def network_page(self):
        self.fetch(random.choice(SITE["networks"]), "network page", "</html>")  # noqa: S311

    @task(2)
    def landing_page(self):
        self.fetch(SITE["landing"], "landing page", "</html>")

    @task(1)
    def landing_page_by_theme(self):
        self.fetch(f"{SITE['landing']}?theme={random.choice(SITE['themes'])}", "landing page by theme", "</html>")  # noqa: S311

    @task(2)
    def search(self):
        self.fetch(f"/search/?q={random.choice(SEARCH_WORDS)}", "search", "</html>")  # noqa: S311

    @task(1)
    def home_page(self):
        self.fetch("/", "home page", "</html>")

    @task(1)
    def sitemap(self):
        self.fetch("/sitemap.xml", "sitemap", "</urlset>")
