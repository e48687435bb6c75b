package cn.smedt.hub.apidocs;

import cn.smedt.api.contract.ContractCatalog;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Serves the OpenAPI contracts the gateway enforces; the browsable page is static/api-docs/index.html. */
@RestController
class ApiDocsController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

    private final ContractCatalog catalog;

    ApiDocsController(ContractCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping(value = "/api-docs/specs", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, String>> specs() {
        return catalog.specNames().stream()
                .map(name -> Map.of("name", name, "url", "/api-docs/" + name + ".yaml"))
                .toList();
    }

    @GetMapping("/api-docs/{name}.yaml")
    ResponseEntity<String> spec(@PathVariable String name) {
        if (!catalog.specNames().contains(name)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(YAML).body(catalog.specText(name));
    }
}
