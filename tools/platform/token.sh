# ./platform token: access tokens from auth-server with nothing but curl (sourced by ./platform). The demo user's by
# the browser's flow (authorization code + PKCE), the machine client platform-cli's by client credentials. The
# secrets are the demo defaults unless the environment names others; `up` gives the same ones to auth-server.
# shellcheck shell=bash

AUTH_URL="${PLATFORM_AUTH_URL:-http://127.0.0.1:9000}"
DEMO_PASSWORD="${PLATFORM_DEMO_PASSWORD:-demo-password}"
CLI_CLIENT_SECRET="${PLATFORM_CLI_CLIENT_SECRET:-platform-cli-secret}"
NOTIFICATION_CLIENT_SECRET="${PLATFORM_NOTIFICATION_CLIENT_SECRET:-notification-service-secret}"
ORDER_CLIENT_SECRET="${PLATFORM_ORDER_CLIENT_SECRET:-order-service-secret}"
# [derived from platform.yaml: route scopes] (edit platform.yaml, then ./platform generate)
TOKEN_SCOPES="customers.read customers.write orders.read orders.write notifications.read"
# [end of route scopes]
TOKEN_REDIRECT_URI="http://127.0.0.1:3001/callback" # registered for platform-web; never called, the code is read from the redirect

b64url() { base64 | tr '+/' '-_' | tr -d '=\n'; }
sha256_b64url() { # stdin -> base64url(SHA-256(stdin)), the PKCE S256 challenge
  if have openssl; then
    openssl dgst -sha256 -binary | b64url
  else
    python3 -c 'import base64,hashlib,sys; print(base64.urlsafe_b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode().rstrip("="), end="")'
  fi
}

# The demo user's access token, by the real browser flow done with curl: authorization code + PKCE (S256).
token_for_demo_user() {
  local jar verifier challenge state csrf location code response token
  jar="$(mktemp)"
  # shellcheck disable=SC2064
  trap "rm -f '$jar'" RETURN
  verifier="$(head -c 32 /dev/urandom | b64url)"
  challenge="$(printf '%s' "$verifier" | sha256_b64url)"
  state="$(random_hex 8)"
  local browser=(curl -sS --max-time 10 -b "$jar" -c "$jar" -H 'Accept: text/html')

  # 1. the authorization request: not logged in yet, so the server keeps it in the session and sends us to /login
  "${browser[@]}" -o /dev/null -G "$AUTH_URL/oauth2/authorize" \
    --data-urlencode response_type=code --data-urlencode client_id=platform-web \
    --data-urlencode "redirect_uri=$TOKEN_REDIRECT_URI" --data-urlencode "scope=openid $TOKEN_SCOPES" \
    --data-urlencode "state=$state" --data-urlencode "code_challenge=$challenge" \
    --data-urlencode code_challenge_method=S256 || die "auth-server does not answer at $AUTH_URL: start the platform (./platform up, or docker compose up --build --wait) or set PLATFORM_AUTH_URL"
  # 2. the login form and its CSRF token; posting the credentials sends us back to the saved authorization request
  csrf="$("${browser[@]}" "$AUTH_URL/login" | grep -o 'name="_csrf"[^>]*value="[^"]*"' | sed 's/.*value="\([^"]*\)".*/\1/' || true)"
  [ -n "$csrf" ] || die "no login form at $AUTH_URL/login"
  location="$("${browser[@]}" -o /dev/null -w '%{redirect_url}' --data-urlencode username=demo \
    --data-urlencode "password=$DEMO_PASSWORD" --data-urlencode "_csrf=$csrf" "$AUTH_URL/login")"
  case "$location" in
    */oauth2/authorize*) ;;
    *) die "the demo user could not log in (redirected to '${location:-nowhere}'); is PLATFORM_DEMO_PASSWORD the server's DEMO_USER_PASSWORD?" ;;
  esac
  # 3. logged in: the authorization request now redirects to the client with a one-time code
  location="$("${browser[@]}" -o /dev/null -w '%{redirect_url}' "$location")"
  case "$location" in
    "$TOKEN_REDIRECT_URI"*) ;;
    *) die "no authorization code (redirected to '${location:-nowhere}')" ;;
  esac
  [ "$(printf '%s' "$location" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')" = "$state" ] || die "the state parameter came back altered"
  code="$(printf '%s' "$location" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')"
  [ -n "$code" ] || die "no authorization code in '$location'"
  # 4. the public client exchanges the code, proving it holds the verifier (no secret)
  response="$(curl -sS --max-time 10 "$AUTH_URL/oauth2/token" -d grant_type=authorization_code \
    -d client_id=platform-web -d "code=$code" --data-urlencode "redirect_uri=$TOKEN_REDIRECT_URI" \
    -d "code_verifier=$verifier")" || die "the token request failed"
  token="$(json_field "$response" access_token)"
  [ -n "$token" ] || die "no access token: $response"
  printf '%s\n' "$token"
}

# A machine token: client credentials of platform-cli (sub = platform-cli, not a user).
token_for_cli_client() {
  local response token
  response="$(curl -sS --max-time 10 -u "platform-cli:$CLI_CLIENT_SECRET" "$AUTH_URL/oauth2/token" \
    -d grant_type=client_credentials --data-urlencode "scope=$TOKEN_SCOPES")" \
    || die "auth-server does not answer at $AUTH_URL: start the platform (./platform up, or docker compose up --build --wait) or set PLATFORM_AUTH_URL"
  token="$(json_field "$response" access_token)"
  [ -n "$token" ] || die "no access token: $response"
  printf '%s\n' "$token"
}

cmd_token() {
  have curl || die "tokens need curl"
  case "${1:-}" in
    "") say "access token of the demo user (authorization code + PKCE at $AUTH_URL; valid 5 minutes)" >&2
      token_for_demo_user ;;
    --client) say "access token of the client platform-cli (client credentials at $AUTH_URL; valid 5 minutes)" >&2
      token_for_cli_client ;;
    *) die "usage: ./platform token [--client]" ;;
  esac
}

