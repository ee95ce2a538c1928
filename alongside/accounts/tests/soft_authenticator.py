"""A software authenticator for tests: answers WebAuthn options the way a browser and a
security key would (P-256 key, "none" attestation), with knobs to get things wrong.

Test code only; the app checks answers with py_webauthn."""

import hashlib
import json
import os
import struct
from dataclasses import dataclass, field

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import bytes_to_base64url

UP, UV, AT = 0x01, 0x04, 0x40


def _client_data(kind, challenge, origin) -> bytes:
    return json.dumps(
        {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
    ).encode()


@dataclass
class SoftAuthenticator:
    origin: str = "http://testserver"
    rp_id: str = "testserver"
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    sign_count: int = 0

    def _auth_data(self, flags: int, extra: bytes = b"", rp_id=None) -> bytes:
        rp_hash = hashlib.sha256((rp_id or self.rp_id).encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + extra

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def create(self, options: dict, *, challenge=None, origin=None, rp_id=None) -> str:
        """The JSON passkey.js posts after navigator.credentials.create()."""
        attested = (
            bytes(16)  # AAGUID
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_key()
        )
        auth_data = self._auth_data(UP | UV | AT, attested, rp_id=rp_id)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = _client_data(
            "webauthn.create", challenge or options["challenge"], origin or self.origin
        )
        raw_id = bytes_to_base64url(self.credential_id)
        return json.dumps(
            {
                "id": raw_id,
                "rawId": raw_id,
                "type": "public-key",
                "authenticatorAttachment": "cross-platform",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "attestationObject": bytes_to_base64url(attestation),
                    "transports": ["usb"],
                },
            }
        )

    def get(self, options: dict, *, challenge=None, origin=None, count=True) -> str:
        """The JSON passkey.js posts after navigator.credentials.get()."""
        if count:
            self.sign_count += 1
        auth_data = self._auth_data(UP | UV)
        client_data = _client_data(
            "webauthn.get", challenge or options["challenge"], origin or self.origin
        )
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        raw_id = bytes_to_base64url(self.credential_id)
        return json.dumps(
            {
                "id": raw_id,
                "rawId": raw_id,
                "type": "public-key",
                "authenticatorAttachment": "cross-platform",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "authenticatorData": bytes_to_base64url(auth_data),
                    "signature": bytes_to_base64url(signature),
                    "userHandle": None,
                },
            }
        )


def stored_passkey(user, soft: SoftAuthenticator | None = None, name="Work laptop"):
    """A passkey as if added earlier, straight into the database."""
    from alongside.accounts.models import Passkey

    soft = soft or SoftAuthenticator()
    return Passkey.objects.create(
        user=user,
        name=name,
        credential_id=bytes_to_base64url(soft.credential_id),
        public_key=bytes_to_base64url(soft._cose_key()),
        sign_count=soft.sign_count,
    )
