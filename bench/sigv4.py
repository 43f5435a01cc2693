"""A small AWS Signature Version 4 signer for DynamoDB JSON 1.0 POSTs (standard library only).

The benchmark pre-signs many requests and replays their raw bytes from wrk, whose LuaJIT has no
SHA-256. The signing key depends only on the day, so it is derived once per signer; each request
then costs two SHA-256 digests and one HMAC.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
"""

import datetime
import hashlib
import hmac

CONTENT_TYPE = "application/x-amz-json-1.0"
TARGET_PREFIX = "DynamoDB_20120810."
SIGNED_HEADERS = "content-type;host;x-amz-date;x-amz-target"


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


class Signer:
    """Signs DynamoDB requests for one host with one access key, at one instant."""

    def __init__(self, host: str, access_key: str, secret_key: str, region: str = "us-east-1",
                 now: datetime.datetime | None = None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        self.host = host
        self.access_key = access_key
        self.region = region
        self.amz_date = now.strftime("%Y%m%dT%H%M%SZ")
        day = self.amz_date[:8]
        self.scope = f"{day}/{region}/dynamodb/aws4_request"
        key = _hmac(("AWS4" + secret_key).encode(), day)
        key = _hmac(key, region)
        key = _hmac(key, "dynamodb")
        self._signing_key = _hmac(key, "aws4_request")

    def headers(self, operation: str, body: bytes) -> dict[str, str]:
        """The headers of a signed POST / carrying `body` to DynamoDB's `operation`."""
        target = TARGET_PREFIX + operation
        canonical = (
            "POST\n/\n\n"
            f"content-type:{CONTENT_TYPE}\nhost:{self.host}\n"
            f"x-amz-date:{self.amz_date}\nx-amz-target:{target}\n\n"
            f"{SIGNED_HEADERS}\n{hashlib.sha256(body).hexdigest()}"
        )
        to_sign = (f"AWS4-HMAC-SHA256\n{self.amz_date}\n{self.scope}\n"
                   f"{hashlib.sha256(canonical.encode()).hexdigest()}")
        signature = hmac.new(self._signing_key, to_sign.encode(), hashlib.sha256).hexdigest()
        return {
            "Host": self.host,
            "Content-Type": CONTENT_TYPE,
            "X-Amz-Target": target,
            "X-Amz-Date": self.amz_date,
            "Authorization": (f"AWS4-HMAC-SHA256 Credential={self.access_key}/{self.scope}, "
                              f"SignedHeaders={SIGNED_HEADERS}, Signature={signature}"),
        }

    def raw_request(self, operation: str, body: bytes) -> bytes:
        """The whole HTTP/1.1 request, as wrk writes it to the socket."""
        lines = [f"{name}: {value}" for name, value in self.headers(operation, body).items()]
        lines.append(f"Content-Length: {len(body)}")
        return ("POST / HTTP/1.1\r\n" + "\r\n".join(lines) + "\r\n\r\n").encode() + body
