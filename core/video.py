"""Which video addresses the video block accepts, and the privacy-respecting player address for each.

Only YouTube (played from youtube-nocookie.com) and Vimeo (with "do not
track") are allowed: the public Content-Security-Policy lets frames come from
those two players only (``VIDEO_FRAME_ORIGINS``), and nothing loads from them
until the visitor presses play (static/js/video-embed.js).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"
VIMEO_PLAYER = "https://player.vimeo.com"
VIDEO_FRAME_ORIGINS = [YOUTUBE_PLAYER, VIMEO_PLAYER]

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_PATH = re.compile(r"^/(?:video/)?(\d{5,12})/?$")


@dataclass(frozen=True)
class Video:
    provider: str
    embed_url: str
    watch_url: str


def _youtube_id(host, path, query):
    if host == "youtu.be":
        return path.strip("/")
    if host not in YOUTUBE_HOSTS:
        return None
    if path in ("/watch", "/watch/"):
        return (parse_qs(query).get("v") or [""])[0]
    match = re.match(r"^/(?:embed|shorts|live)/([^/]+)/?$", path)
    return match.group(1) if match else None


def parse_video_url(url):
    """A ``Video`` for a YouTube or Vimeo address, or None for anything else."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    video_id = _youtube_id(host, parts.path, parts.query)
    if video_id is not None:
        if not YOUTUBE_ID.match(video_id):
            return None
        return Video("YouTube", f"{YOUTUBE_PLAYER}/embed/{video_id}", f"https://www.youtube.com/watch?v={video_id}")
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        match = VIMEO_PATH.match(parts.path)
        if match:
            number = match.group(1)
            return Video("Vimeo", f"{VIMEO_PLAYER}/video/{number}?dnt=1", f"https://vimeo.com/{number}")
    return None
