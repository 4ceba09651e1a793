"""The one JSON reader: bounded depth without recursion, duplicate keys and NaN refused, line and column named."""

from __future__ import annotations

import json

import pytest

from passport.errors import InputError
from passport.jsonio import check_array_lengths, read_json, read_json_file


def deep(levels: int, open_: str = "[", close: str = "]") -> str:
    return open_ * levels + close * levels


def _code(data, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_json(data, **kwargs)
    return info.value


def test_plain_json_reads_as_the_standard_parser_does():
    text = '{"a": [1, 2.5, "x\\"]{[", {"b": null}], "c": true}'
    assert read_json(text) == json.loads(text)
    assert read_json(text.encode()) == json.loads(text)


@pytest.mark.parametrize("levels", [1_000, 10_000, 100_000])
def test_deep_nesting_is_refused_by_code_without_recursion(levels):
    for document in (deep(levels), '{"a":' * levels + "1" + "}" * levels):
        error = _code(document, max_depth=100)
        assert error.code == "JSON_TOO_DEEP" and error.details["maxDepth"] == 100


def test_the_depth_limit_is_exact_and_ignores_brackets_inside_strings():
    assert read_json(deep(5), max_depth=5) == [[[[[]]]]]
    assert _code(deep(6), max_depth=5).details == {"maxDepth": 5, "line": 1, "column": 6}
    assert read_json('["[[[[[[[[", "\\"[[[[[[["]', max_depth=1) == ["[[[[[[[[", '"[[[[[[[']


def test_a_duplicate_member_is_refused_naming_the_key_and_where():
    error = _code('{"a": 1,\n "b": {"x": 1, "x": 2}}')
    assert error.code == "JSON_DUPLICATE_KEY"
    assert error.details == {"key": "x", "line": 2, "column": 16}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_numbers_are_refused(constant):
    error = _code(f'{{"v": [{constant}]}}')
    assert error.code == "JSON_NOT_A_NUMBER" and error.details["value"] == constant


def test_a_syntax_error_names_line_and_column_not_an_offset():
    error = _code('{\n  "a": 1,\n  "b": }', source="x.json")
    assert error.code == "INVALID_JSON"
    assert (error.details["line"], error.details["column"], error.details["file"]) == (3, 8, "x.json")
    assert "line 3 column 8" in error.message


def test_bytes_that_are_not_utf8_are_invalid_json():
    assert _code(b'{"a": "\xff"}').code == "INVALID_JSON"


def test_an_oversize_integer_is_invalid_json_not_a_crash():
    assert _code("1" * 5000).code == "INVALID_JSON"


def test_a_file_is_read_and_errors_name_it(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text('{"a": 1}')
    bad.write_text(deep(10_000))
    assert read_json_file(good) == {"a": 1}
    with pytest.raises(InputError) as info:
        read_json_file(bad, max_depth=50)
    assert info.value.code == "JSON_TOO_DEEP" and info.value.details["file"] == str(bad)
    with pytest.raises(InputError) as info:
        read_json_file(tmp_path / "missing.json")
    assert info.value.code == "FILE_NOT_READABLE"


def test_array_lengths_are_bounded_with_the_pointer_of_the_long_array():
    check_array_lengths({"a": [1, 2, 3]}, 3)
    with pytest.raises(InputError) as info:
        check_array_lengths({"a": [{"b/c": [0] * 4}]}, 3)
    assert info.value.code == "JSON_ARRAY_TOO_LONG"
    assert info.value.details == {"pointer": "/a/0/b~1c", "maxItems": 3, "items": 4}
