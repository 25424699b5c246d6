package dev.cdcready.clickpipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.write("a\"b\\c\nd\u0001"));
    }

    @Test
    void writesNestedObjectsAndArraysInOrder() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("status", "ok");
        document.put("exitCode", 0);
        document.put("findings", List.of());
        document.put("list", List.of(true, Map.of()));
        document.put("none", null);
        assertEquals("""
                {
                  "status": "ok",
                  "exitCode": 0,
                  "findings": [],
                  "list": [
                    true,
                    {}
                  ],
                  "none": null
                }""", Json.write(document));
    }
}
