import pytest

pytestmark = pytest.mark.django_db


def test_pages_render(client, world):
    client.force_login(world.users["coordination"])
    slug = world.a.slug
    for url in [
        "/allianzen/",
        "/allianzen/neu/",
        "/allianzen/programme/",
        "/allianzen/programme/sachsen-fachkraefteallianzen/",
        "/allianzen/organisationen/",
        f"/allianzen/organisationen/{world.org_a.pk}/",
        f"/allianzen/{slug}/",
        f"/allianzen/{slug}/bearbeiten/",
        f"/allianzen/{slug}/rollen/",
        f"/allianzen/{slug}/handlungsfelder/",
        f"/allianzen/{slug}/projektgruppen/",
        f"/allianzen/{slug}/strategie/",
        f"/allianzen/{slug}/verpflichtungen/",
        f"/allianzen/{slug}/protokoll/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
