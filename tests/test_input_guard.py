"""NUL characters are refused on every page, not only the API (PostgreSQL text cannot hold them)."""


def test_a_nul_in_a_page_query_or_form_is_a_clear_400(client):
    response = client.get("/courses/search?q=a%00b")
    assert response.status_code == 400
    assert "ký tự NUL" in response.get_data(as_text=True)
    posted = client.post("/auth/login", data={"username": "a\x00", "password": "b"})
    assert posted.status_code == 400


def test_a_nul_in_a_path_is_not_found(client):
    assert client.get("/units/a%00b").status_code == 404


def test_the_api_answers_in_its_error_format(client):
    response = client.get("/api/v1/units?q=%00")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"
