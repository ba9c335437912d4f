"""Answers: JSON that never fails to encode.

Text is sent as UTF-8. A stored value that is not valid Unicode (a lone surrogate kept from
before input was checked) is sent \\u-escaped instead of failing the whole answer.
"""

from rest_framework.renderers import JSONRenderer as DRFJSONRenderer


class JSONRenderer(DRFJSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            escaped = EscapedJSONRenderer()
            return escaped.render(data, accepted_media_type, renderer_context)


class EscapedJSONRenderer(DRFJSONRenderer):
    ensure_ascii = True
