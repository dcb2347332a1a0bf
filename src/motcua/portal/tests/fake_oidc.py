"""A local fake OpenID Connect provider for the tests: discovery document, authorize,
token, userinfo and JWKS, answered through ``responses`` (no request reaches a network:
responses refuses any URL not registered here).

The flow is the real one: allauth reads the discovery document, sends the browser to
``authorize`` (the test calls ``FakeProvider.authorize`` with that URL, as the person's
browser would after signing in at the provider), the callback exchanges the code at the
token endpoint (client secret, PKCE verifier checked), reads userinfo with the access
token and checks the RS256-signed id_token against the JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.test"
CLIENT_ID = "motcua-test"
CLIENT_SECRET = "bi-mat-cua-ung-dung"


class FakeProvider:
    def __init__(self, mock: responses.RequestsMock):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "khoa-1"
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.claims: dict = {}
        self.audience = CLIENT_ID
        self.calls: list[str] = []
        mock.add(responses.GET, f"{ISSUER}/.well-known/openid-configuration", json=self.discovery())
        mock.add_callback(responses.POST, f"{ISSUER}/token", callback=self._token)
        mock.add_callback(responses.GET, f"{ISSUER}/userinfo", callback=self._userinfo)
        mock.add_callback(responses.GET, f"{ISSUER}/jwks", callback=self._jwks)

    @staticmethod
    def app_settings() -> dict:
        return {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "vneid",
                        "name": "VNeID",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": ISSUER,
                            "token_auth_method": "client_secret_basic",
                        },
                    }
                ],
            }
        }

    def discovery(self) -> dict:
        return {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "userinfo_endpoint": f"{ISSUER}/userinfo",
            "jwks_uri": f"{ISSUER}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    # --- the person at the provider ---

    def authorize(self, url: str, claims: dict) -> str:
        """The provider's authorize endpoint: checks the request, 'signs the person in'
        with ``claims`` and answers the redirect back to the callback (path and query)."""
        self.calls.append("authorize")
        parsed = urlparse(url)
        assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == f"{ISSUER}/authorize"
        query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert "openid" in query["scope"].split()
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "claims": claims,
            "redirect_uri": query["redirect_uri"],
            "challenge": query["code_challenge"],
            "nonce": query.get("nonce"),
        }
        callback = urlparse(query["redirect_uri"])
        return f"{callback.path}?{urlencode({'code': code, 'state': query['state']})}"

    # --- the endpoints allauth calls ---

    def _token(self, request):
        self.calls.append("token")
        auth = request.headers.get("Authorization", "")
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if auth != f"Basic {expected}":
            return 401, {}, json.dumps({"error": "invalid_client"})
        form = {key: values[0] for key, values in parse_qs(request.body).items()}
        grant = self.codes.pop(form.get("code"), None)
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {}, json.dumps({"error": "invalid_grant"})
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return 400, {}, json.dumps({"error": "invalid_grant", "error_description": "PKCE"})
        access = secrets.token_urlsafe(24)
        self.tokens[access] = grant["claims"]
        now = int(time.time())
        id_claims = {
            "iss": ISSUER,
            "aud": self.audience,
            "sub": grant["claims"]["sub"],
            "iat": now,
            "exp": now + 300,
            **({"nonce": grant["nonce"]} if grant["nonce"] else {}),
        }
        id_token = jwt.encode(id_claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        body = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _userinfo(self, request):
        self.calls.append("userinfo")
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return 401, {}, ""
        return 200, {"Content-Type": "application/json"}, json.dumps(self.tokens[token])

    def _jwks(self, request):
        self.calls.append("jwks")
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        return 200, {"Content-Type": "application/json"}, json.dumps({"keys": [jwk]})
