package cn.smedt.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.contract.ContractCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The generated models write requests that the hub's contract check accepts. */
class GeneratedModelsTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aLoanBuiltWithTheModelKeepsTheContract() throws Exception {
        LoanSubmission loan = new LoanSubmission().bankLoanId("ZZ-2024-001").uscc("91410000170001401D")
                .product("DIGITAL_LOAN").principal("1000000.00").startDate(LocalDate.of(2024, 3, 1))
                .maturityDate(LocalDate.of(2026, 3, 1)).contractRate("3.9500");
        byte[] body = JSON.writeValueAsBytes(loan);

        ContractCatalog catalog = ContractCatalog.loadDefault();
        var op = catalog.match("POST", "/api/v1/loans").orElseThrow();
        assertThat(catalog.validate(op, "application/json", body)).isEmpty();
        assertThat(JSON.readValue(body, LoanSubmission.class)).isEqualTo(loan);
    }
}
