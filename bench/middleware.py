"""What `make bench` adds to the portal's middleware (bench.settings only): the number of queries of a request
that asks for it with the header ``X-Bench-Queries``, answered in the same header. wrk's requests do not ask,
so their figures are those of the plain portal."""

from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    """First in the chain, so that it counts every query of the request: session, user, view, template, the
    session's save."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_BENCH_QUERIES" not in request.META:
            return self.get_response(request)
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
