"""The stack comes up, says where it listens, and answers its health check."""
import requests


def test_health_answers_200_with_json(stack):
    r = requests.get(stack.aws_url + "/_nimbus/health", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["status"] == "ok"


def test_ready_line_names_both_endpoints(stack):
    text = "".join(stack.output)
    assert "API  http://127.0.0.1:" in text
    assert "AWS  http://127.0.0.1:" in text
    assert "ready" in text


def test_ctrl_c_stops_cleanly(tmp_path):
    from conftest import Stack
    s = Stack(str(tmp_path)).start()
    s.stop()
    assert s.returncode == 0
    assert "stopped" in "".join(s.output)
