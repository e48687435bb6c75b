package cn.smedt.connectors.govauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void decodesPercentAndPlusKeepsOrderAndRepeats() {
        QueryParameters query = QueryParameters.parse("name=%E6%B0%B8%E5%BA%B7&q=a+b&flag&&tag=2&tag=1&empty=");

        assertThat(query.entries()).containsExactly(Map.entry("name", "永康"), Map.entry("q", "a b"),
                Map.entry("flag", ""), Map.entry("tag", "2"), Map.entry("tag", "1"), Map.entry("empty", ""));
    }

    @Test
    void nullOrBlankIsEmpty() {
        assertThat(QueryParameters.parse(null).isEmpty()).isTrue();
        assertThat(QueryParameters.parse(" ").isEmpty()).isTrue();
        assertThat(QueryParameters.of(null).isEmpty()).isTrue();
    }

    @Test
    void malformedPercentEncodingIsAGovAuthException() {
        assertThatThrownBy(() -> QueryParameters.parse("a=%zz")).isInstanceOf(GovAuthException.class)
                .hasMessageContaining("%zz");
    }
}
