"""Counting a page's queries, for the tests that hold the query counts fixed."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(client: Client, path: str) -> int:
    """The queries of the second of two requests (the first fills what a process caches)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)
