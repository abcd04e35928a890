from tests.test_staff_questionnaires import *  # noqa
def test_peek(officer):
    upload(officer, good_file("short-8-10-rct", drop_welsh=("safe_at_home",)))
    page = publish(officer, "cy")
    open("/tmp/drafts_edit.html","w").write(page.response.get_data(as_text=True))
    page = upload(officer, (data_dir() / "broken_questionnaire.yaml").read_bytes())
    open("/tmp/drafts_import.html","w").write(page.response.get_data(as_text=True))
