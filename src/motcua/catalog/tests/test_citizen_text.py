import pytest

from motcua.catalog.templatetags.catalog_text import citizen_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Miễn phí; [uncertain] khai sinh quá hạn", "Miễn phí; khai sinh quá hạn"),
        ("một phần [suy luận: hai bên phải có mặt]", "một phần"),
        ("[mức độ chưa xác định] kênh: trực tuyến", "kênh: trực tuyến"),
        ("03 ngày làm việc", "03 ngày làm việc"),
        ("", ""),
    ],
)
def test_reviewer_tags_are_hidden_from_citizens(raw, shown):
    assert citizen_text(raw) == shown


@pytest.mark.slow
@pytest.mark.django_db
def test_public_page_hides_review_tags_and_crawl_sources(client):
    from motcua.catalog import demo
    from motcua.org import demo as org_demo

    org_demo.load()
    demo.load()
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert "[uncertain]" not in html and "[mức độ chưa xác định]" not in html
    assert "chatbot_tthc" not in html
    assert "Quyết định công bố 163/QĐ-BTP" in html
