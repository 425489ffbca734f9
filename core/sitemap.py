"""sitemap.xml with every language's pages, each listing its translations as alternates (issue 11).

Wagtail's sitemap lists the pages under the site's (English) home page only.
Here every language's tree is listed, and each page carries an
``xhtml:link rel="alternate" hreflang`` for each live translation and for
``x-default`` (the English page), as search engines ask. The alternates are
worked out from the listed pages themselves: no query per page.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from . import pagetree, seo


class LanguageSitemap(Sitemap):
    def root_paths(self):
        site = self.get_wagtail_site()
        return [(path, lang) for site_id, path, _url, lang in pagetree.site_root_paths() if site_id == site.pk]

    def items(self):
        query = Q(pk__in=[])
        for path, _lang in self.root_paths():
            query |= Q(url_path__startswith=path)
        return Page.objects.filter(query).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        roots = self.root_paths()
        default = pagetree.content_language(settings.LANGUAGE_CODE)
        entries = []
        for item in self.paginator.page(page).object_list.iterator():
            code = pagetree.page_language(item, roots)
            entries.extend((item.translation_key, code, info) for info in item.get_sitemap_urls(self.request))
        versions = {}
        for key, code, info in entries:
            versions.setdefault(key, {})[code] = info["location"]
        urls = []
        for key, _code, info in entries:
            same = versions[key]
            if len(same) > 1:
                info["alternates"] = [
                    {"lang_code": seo.language_tag(lang), "location": location} for lang, location in same.items()
                ]
                if default in same:
                    info["alternates"].append({"lang_code": "x-default", "location": same[default]})
            urls.append(info)
        last_mods = {info.get("lastmod") for info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
