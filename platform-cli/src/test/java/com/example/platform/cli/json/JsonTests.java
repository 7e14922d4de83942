package com.example.platform.cli.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonTests {

	@Test
	void readsObjectsArraysAndScalarsInDocumentOrder() {
		Object value = Json.parse("""
				 {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","timestamp":1765117101402000,"duration":1.5e3,
				  "debug":false,"shared":true,"parentId":null,"tags":{"b":"2","a":"1"},"list":[1,-2,[],{}]}
				""");
		assertThat(value).isInstanceOf(Map.class);
		Map<?, ?> map = (Map<?, ?>) value;
		assertThat(map.keySet().stream().map(String::valueOf).toList()).containsExactly("traceId", "timestamp", "duration", "debug", "shared", "parentId",
				"tags", "list");
		assertThat(map.get("timestamp")).isEqualTo(1765117101402000L);
		assertThat(map.get("duration")).isEqualTo(new BigDecimal("1.5e3"));
		assertThat(map.get("debug")).isEqualTo(false);
		assertThat(map.get("shared")).isEqualTo(true);
		assertThat(map.containsKey("parentId")).isTrue();
		assertThat(map.get("parentId")).isNull();
		assertThat(((Map<?, ?>) map.get("tags")).keySet().stream().map(String::valueOf).toList()).containsExactly("b", "a");
		assertThat(map.get("list")).isEqualTo(List.of(1L, -2L, List.of(), Map.of()));
		assertThat(Json.at(value, "tags", "a")).isEqualTo("1");
		assertThat(Json.at(value, "tags", "missing", "deeper")).isNull();
	}

	@Test
	void decodesEveryEscape() {
		assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\\u00e9\\u20ac\""))
			.isEqualTo("a\"b\\c/d\n\t\r\b\f\u00e9\u20ac");
	}

	@Test
	void numbersBeyondALongAreKeptExactly() {
		assertThat(Json.parse("123456789012345678901234567890"))
			.isEqualTo(new BigDecimal("123456789012345678901234567890"));
	}

	@Test
	void refusesWhatIsNotJsonNamingWhere() {
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("{\"a\":1,}"))
			.withMessageContaining("offset 7");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("[1 2]")).withMessageContaining("',' or ']'");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("{\"a\":1} x"))
			.withMessageContaining("after the value");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("\"open")).withMessageContaining("end of input");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("{'a':1}")).withMessageContaining("string key");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("tru"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("-"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("\"a\\x\""));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse(""));
	}

}
