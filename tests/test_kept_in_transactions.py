"""Nothing read inside a transaction of the site's own is kept (core/memo.may_keep).

A save starts the new cache generation before it commits
(pagecache.cache.invalidate). Whatever a render inside that transaction reads,
its own uncommitted save included, would otherwise be kept under the new
generation: in each process's memory (the footer, the site settings, shared
fragments, page addresses, tree rows, a page's own rows) and in the page
cache, and it would stay on the site after the transaction rolled back. No
view renders inside such a transaction today; a signal handler or a future
view could.
"""

import pytest
from django.db import transaction

from core import memo
from home.models import SiteSettings
from networks.models import NetworkPage
from tests.test_translated_footer import english_footer, footer_html


@pytest.mark.parametrize("page_cache", [False, True], ids=["memory", "memory and page cache"])
def test_a_page_rendered_inside_a_rolled_back_save_leaves_nothing_behind(client, seeded, settings, page_cache):
    settings.PAGECACHE_ENABLED = page_cache
    network = NetworkPage.objects.live().first()
    client.get(network.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        footer = english_footer()
        footer.team_name = "A team saved, then rolled back"
        footer.save()
        contact = SiteSettings.load()
        contact.phone = "0113 999 0000"
        contact.save()
        network.title = "A title saved, then rolled back"
        network.save_revision().publish()
        inside = client.get(network.url).content.decode()
        # The transaction sees its own saves.
        assert "A team saved, then rolled back" in inside and "tel:01139990000" in inside
        assert "A title saved, then rolled back" in inside
        raise RuntimeError("the request failed after the saves")
    for _ in range(2):
        html = client.get(network.url).content.decode()
        assert "then rolled back" not in html and "tel:01139990000" not in html
        assert "then rolled back" not in footer_html(client, "/international/")


def test_kept_data_is_read_but_not_kept_inside_a_transaction(seeded):
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    memo.forget()
    with transaction.atomic():
        assert not memo.may_keep()
        assert [memo.per_generation("test-value", load) for _ in range(2)] == [1, 2]
    assert memo.may_keep()
    assert [memo.per_generation("test-value", load) for _ in range(2)] == [3, 3]


def test_a_kept_map_keeps_up_to_its_limit_and_nothing_inside_a_transaction(seeded):
    memo.forget()
    kept = memo.kept_map("test-map", limit=2)
    assert memo.kept_map("test-map", limit=2) is kept  # the same map for the whole generation
    with transaction.atomic():
        kept.keep("read inside", 1)
        kept.keep_all({"also inside": 2})
    assert kept == {}
    kept.keep("a", 1)
    kept.keep_all({"b": 2, "c": 3})  # would take it past its limit: none of them
    kept.keep("b", 2)
    kept.keep("c", 3)
    assert kept == {"a": 1, "b": 2}
