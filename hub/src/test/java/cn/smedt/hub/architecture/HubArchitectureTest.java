package cn.smedt.hub.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of the hub (docs/architecture.md, "Packages"): packages by feature with no cycle between them,
 * and features depend on the small {@code kernel} (partners, problems, replies, signing of hub calls), never on the
 * {@code gateway} that serves partner calls. A forbidden dependency fails the build here.
 */
@AnalyzeClasses(packages = "cn.smedt.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class HubArchitectureTest {

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("cn.smedt.hub.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule FEATURES_DO_NOT_IMPORT_THE_GATEWAY = noClasses()
            .that().resideOutsideOfPackage("cn.smedt.hub.gateway..")
            .and().doNotHaveFullyQualifiedName("cn.smedt.hub.HubApplication")
            .should().dependOnClassesThat(resideInAPackage("cn.smedt.hub.gateway.."))
            .because("features import cn.smedt.hub.kernel; the gateway calls features, not the other way");

    @ArchTest
    static final ArchRule KERNEL_IMPORTS_NO_FEATURE = noClasses()
            .that().resideInAPackage("cn.smedt.hub.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage("cn.smedt.hub.gateway..", "cn.smedt.hub.loans..",
                    "cn.smedt.hub.assessments..", "cn.smedt.hub.cloud..", "cn.smedt.hub.devices..",
                    "cn.smedt.hub.enterprises..", "cn.smedt.hub.federation..", "cn.smedt.hub.delivery..",
                    "cn.smedt.hub.audit..", "cn.smedt.hub.progress..", "cn.smedt.hub.policyapi..",
                    "cn.smedt.hub.batches..", "cn.smedt.hub.deadletters..", "cn.smedt.hub.demo..")
            .because("the kernel is what features share; it knows none of them");
}
