"""Who is asking: principals, credentials (passwords, JWTs, Firebase ID tokens, API keys), rules."""
