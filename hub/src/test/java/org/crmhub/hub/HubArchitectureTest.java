package org.crmhub.hub;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The walls between the hub's packages, kept by the build rather than by memory. */
@AnalyzeClasses(packages = "org.crmhub.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class HubArchitectureTest {

  /** What the hub does, told without HTTP: stores, rules, workers. */
  private static final String[] DOMAIN = {
      "org.crmhub.hub.attachment..", "org.crmhub.hub.audit..", "org.crmhub.hub.auth..", "org.crmhub.hub.conversation..",
      "org.crmhub.hub.customer..", "org.crmhub.hub.demo..", "org.crmhub.hub.events..", "org.crmhub.hub.failure..",
      "org.crmhub.hub.ingest..", "org.crmhub.hub.merge..", "org.crmhub.hub.pipeline..", "org.crmhub.hub.presence..",
      "org.crmhub.hub.redis..", "org.crmhub.hub.reply..", "org.crmhub.hub.search..", "org.crmhub.hub.sentiment..",
      "org.crmhub.hub.staff..",
      "org.crmhub.hub.webhooks.."};

  @ArchTest
  static final ArchRule featurePackagesDependOnEachOtherWithoutCycles =
      slices().matching("org.crmhub.hub.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule domainCodeNeverSeesHttpServingTypes = noClasses().that().resideInAnyPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.crmhub.hub.api..", "org.crmhub.hub.web..", "org.crmhub.hub.portal..", "org.crmhub.hub.health..",
          "io.vertx.ext.web", "io.vertx.ext.web.handler..", "io.vertx.ext.web.openapi..", "io.vertx.openapi..")
      .because("failures of the hub's rules are told as org.crmhub.hub.failure types and answered by the "
          + "API's ProblemHandler alone");

  @ArchTest
  static final ArchRule onlyTheApiTurnsFailuresIntoProblems = noClasses()
      .that().resideOutsideOfPackages("org.crmhub.hub.api..", "org.crmhub.hub.web..", "org.crmhub.hub.portal..")
      .and().doNotHaveFullyQualifiedName(HubHttp.class.getName())
      .should().dependOnClassesThat().haveFullyQualifiedName("org.crmhub.hub.api.ApiProblem");

  /**
   * Lettuce's value and argument types (ranges, stream messages, scored values, exceptions) stay in
   * the redis package, which answers the hub's own ({@code Scored}, {@code StreamEntry}, …); code
   * elsewhere sends commands only through {@code Redis#call}, whose command interface and reply
   * future it necessarily names.
   */
  @ArchTest
  static final ArchRule lettuceTypesStayInTheRedisPackage = noClasses()
      .that().resideOutsideOfPackage("org.crmhub.hub.redis..")
      .should().dependOnClassesThat(resideInAPackage("io.lettuce..")
          .and(not(name("io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands")))
          .and(not(name("io.lettuce.core.RedisFuture"))));
}
