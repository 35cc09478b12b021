"""What users write must not reach the logs at INFO or above."""

from __future__ import annotations

from tests.chat import RestUser
from tests.services import Stack


def test_message_text_never_appears_in_service_logs(stack: Stack) -> None:
    marker = "ZX81 my boss Somchai took passport 0812345678"
    user = RestUser(stack.rasa_url)
    user.say(marker)
    user.say("สวัสดีครับ คุณสมชาย 0899999999")
    logs = stack.log_text()
    for secret in ("Somchai", "0812345678", "สมชาย", "0899999999", user.sender):
        assert secret not in logs
