import re


def test_open_tickets_per_priority_link_to_exactly_those_tickets(as_user):
    client = as_user("zuh.manager")
    home = client.get("/").text
    links = re.findall(
        r'href="([^"]*_priority=(\d)[^"]*)">\s*<span class="badge">(\d+)</span>', home
    )
    assert [int(priority) for _, priority, _ in links] == [1, 2, 3, 4, 5]
    assert sum(int(count) for *_, count in links) > 0
    for url, _priority, count in links:
        listing = client.get(url.replace("&amp;", "&")).text
        assert re.search(rf"Record Count:</strong>\s*{count}\b", listing) or count == "0"


def test_the_home_page_needs_a_login(client):
    assert "/login/" in client.get("/").headers["Location"]
