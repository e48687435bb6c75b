package cn.smedt.hub.apidocs;

import cn.smedt.api.contract.ContractCatalog;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI contracts the gateway enforces; the browsable page is static/api-docs/index.html, reached from
 * {@code /api-docs/} (the address the banner and the README print). The page lists the contracts that have
 * operations; {@code common} (shared schemas only) is served for their {@code $ref}s but not listed.
 */
@RestController
class ApiDocsController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

    private final ContractCatalog catalog;

    ApiDocsController(ContractCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping({"/api-docs", "/api-docs/"})
    ResponseEntity<Void> page() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/api-docs/index.html")).build();
    }

    @GetMapping(value = "/api-docs/specs", produces = MediaType.APPLICATION_JSON_VALUE)
    List<SpecLink> specs() {
        Set<String> withOperations = catalog.operations().stream().map(op -> op.specName())
                .collect(Collectors.toSet());
        return catalog.specNames().stream()
                .filter(withOperations::contains)
                .map(name -> new SpecLink(name, "/api-docs/" + name + ".yaml"))
                .toList();
    }

    @GetMapping("/api-docs/{name}.yaml")
    ResponseEntity<String> spec(@PathVariable String name) {
        if (!catalog.specNames().contains(name)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(YAML).body(catalog.specText(name));
    }

    /**
     * One contract in the page's list.
     *
     * @param name the contract (file name without .yaml), e.g. {@code loans}
     * @param url  where its YAML is served
     */
    record SpecLink(String name, String url) {
    }
}
