"""Videos of good practices: shown in a frame only after the visitor agrees, and then only from
the video's own origin (the page's Content-Security-Policy names it as the one frame source)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fachkraefte.web.security import CONTENT_SECURITY_POLICY

# Watch pages that refuse to be framed, and the address of their embeddable player (the
# privacy-enhanced one for YouTube: no cookies before the video is played).
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}


def host(url: str) -> str:
    return urlsplit(url).hostname or url


def embed_url(url: str) -> str:
    """The address to frame: YouTube's player for a YouTube watch link, else the link itself.

    >>> embed_url("https://www.youtube.com/watch?v=abc123")
    'https://www.youtube-nocookie.com/embed/abc123'
    >>> embed_url("https://youtu.be/abc123")
    'https://www.youtube-nocookie.com/embed/abc123'
    """
    parts = urlsplit(url)
    if parts.hostname in YOUTUBE_HOSTS and parts.path == "/watch":
        video = parse_qs(parts.query).get("v", [""])[0]
        if video:
            return f"https://www.youtube-nocookie.com/embed/{video}"
    if parts.hostname == "youtu.be" and parts.path.strip("/"):
        return f"https://www.youtube-nocookie.com/embed/{parts.path.strip('/')}"
    return url


def policy_with_frame(url: str) -> str:
    """The site's policy, allowing frames from the origin of ``url`` alone."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return f"{CONTENT_SECURITY_POLICY}; frame-src {origin}"
