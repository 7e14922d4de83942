package com.example.platform.cli.newservice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a new service module (and its .proto in contracts/ when it serves gRPC), in the shape of the existing
 * services: package by feature, records, {@code *Controller}, {@code *Service}, {@code *Repository}, {@code *Listener},
 * {@code *Client}, {@code *GrpcService}; configuration as environment placeholders with local defaults; a slice test
 * of the controller and integration tests on real PostgreSQL (and Kafka) from platform-test.
 */
final class ServiceModule {

	private final NewService service;

	private final Map<String, String> files = new LinkedHashMap<>();

	private ServiceModule(NewService service) {
		this.service = service;
	}

	/** Path relative to the repository root -> content. */
	static Map<String, String> files(NewService service) {
		ServiceModule module = new ServiceModule(service);
		module.generate();
		return module.files;
	}

	private void generate() {
		add("pom.xml", pom());
		add("README.md", readme());
		add("src/main/resources/application.yaml", applicationYaml());
		add("src/main/resources/application-kubernetes.yaml", applicationKubernetesYaml());
		java("", this.service.className() + "Application", application());
		if (this.service.database()) {
			add("src/main/resources/db/migration/V1__create_item.sql", itemMigration());
			java("items", "Item", item());
			java("items", "NewItem", newItem());
			java("items", "ItemController", itemController());
			java("items", "ItemService", itemService());
			java("items", "ItemRepository", itemRepository());
			javaTest("items", "ItemControllerTests", itemControllerTests());
			javaTest("", "ItemsIT", itemsIT());
		}
		else {
			java("info", "Info", info());
			java("info", "InfoController", infoController());
			javaTest("info", "InfoControllerTests", infoControllerTests());
			javaTest("", "InfoIT", infoIT());
		}
		javaTest("", "IntegrationTestSupport", integrationTestSupport());
		int migration = 2;
		for (String topic : this.service.consumes()) {
			String feature = NewService.topicFeature(topic);
			String pkg = NewService.packageSegment(feature);
			String table = feature.replace('-', '_');
			add("src/main/resources/db/migration/V" + migration++ + "__" + table + "_processed_events.sql",
					consumerMigration(topic, table));
			java(pkg, "ReceivedEvent", receivedEvent(topic, pkg));
			java(pkg, NewService.pascal(feature) + "Listener", listener(topic, feature, pkg));
			java(pkg, NewService.pascal(feature) + "Service", consumerService(topic, feature, pkg, table));
			java(pkg, NewService.pascal(feature) + "Repository", consumerRepository(feature, pkg, table));
			javaTest("", NewService.pascal(feature) + "ListenerIT", listenerIT(topic, feature, table));
		}
		for (String callee : this.service.restCalls()) {
			String pkg = NewService.packageSegment(NewService.shortName(callee));
			String type = NewService.pascal(callee);
			java(pkg, type + "Api", calleeApi(callee, pkg, type));
			java(pkg, type + "ClientConfiguration", calleeConfiguration(callee, pkg, type));
			java(pkg, type + "Client", calleeClient(callee, pkg, type));
		}
		if (this.service.grpc()) {
			String shortName = this.service.shortName();
			this.files.put("contracts/src/main/proto/platform/" + NewService.packageSegment(shortName).replace("-", "")
					+ "/v1/" + shortName.replace('-', '_') + "_service.proto", proto());
			java("grpc", grpcServiceClass(), grpcService());
			javaTest("grpc", grpcServiceClass() + "Tests", grpcServiceTests());
		}
	}

	private void add(String path, String content) {
		this.files.put(this.service.name() + "/" + path, content);
	}

	private void java(String feature, String type, String content) {
		add("src/main/java/" + this.service.packagePath() + (feature.isEmpty() ? "" : "/" + feature) + "/" + type
				+ ".java", content);
	}

	private void javaTest(String feature, String type, String content) {
		add("src/test/java/" + this.service.packagePath() + (feature.isEmpty() ? "" : "/" + feature) + "/" + type
				+ ".java", content);
	}

	/** Replaces the @KEY@ placeholders every template shares. */
	private String fill(String template) {
		return template.replace("@NAME@", this.service.name())
			.replace("@PACKAGE@", this.service.basePackage())
			.replace("@CLASS@", this.service.className())
			.replace("@DATABASE@", this.service.databaseName())
			.replace("@API@", this.service.apiPath())
			.replace("@READ_SCOPE@", this.service.readScope())
			.replace("@WRITE_SCOPE@", this.service.writeScope())
			.replace("@HTTP_PORT@", String.valueOf(this.service.httpPort()))
			.replace("@MANAGEMENT_PORT@", String.valueOf(this.service.managementPort()))
			.replace("@DESCRIPTION@", this.service.description());
	}

	private String pom() {
		StringBuilder dependencies = new StringBuilder();
		dependencies.append("""
				    <dependency>
				      <groupId>com.example.platform</groupId>
				      <artifactId>platform-spring-boot-starter</artifactId>
				    </dependency>
				    <!-- Opt-in part of the starter: load shedding, request budget and hop limit of inbound requests; resilience of the calls it makes -->
				    <dependency>
				      <groupId>com.example.platform</groupId>
				      <artifactId>platform-resilience-spring-boot-starter</artifactId>
				    </dependency>
				""");
		if (this.service.usesKafka()) {
			dependencies.append("""
					    <!-- Opt-in part of the starter: Kafka defaults, dead-letter topics and replay, broker health -->
					    <dependency>
					      <groupId>com.example.platform</groupId>
					      <artifactId>platform-kafka-spring-boot-starter</artifactId>
					    </dependency>
					    <dependency>
					      <groupId>org.springframework.boot</groupId>
					      <artifactId>spring-boot-starter-kafka</artifactId>
					    </dependency>
					""");
		}
		dependencies.append("""
				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-webmvc</artifactId>
				    </dependency>
				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-validation</artifactId>
				    </dependency>
				    <!-- With these two the starter makes the service a resource server (bearer tokens, platform.security.rules)
				         with a cache of verified tokens -->
				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-security-oauth2-resource-server</artifactId>
				    </dependency>
				    <dependency>
				      <groupId>com.github.ben-manes.caffeine</groupId>
				      <artifactId>caffeine</artifactId>
				    </dependency>
				    <!-- Its OpenAPI document at /v3/api-docs (public API metadata, no token: application.yaml); the UI is the gateway's -->
				    <dependency>
				      <groupId>org.springdoc</groupId>
				      <artifactId>springdoc-openapi-starter-webmvc-ui</artifactId>
				    </dependency>
				""");
		if (!this.service.restCalls().isEmpty()) {
			dependencies.append("""
					    <!-- HTTP service groups (spring.http.serviceclient.*) for the @HttpExchange clients, observed (traced) -->
					    <dependency>
					      <groupId>org.springframework.boot</groupId>
					      <artifactId>spring-boot-starter-restclient</artifactId>
					    </dependency>
					""");
		}
		if (this.service.database()) {
			dependencies.append("""
					    <dependency>
					      <groupId>org.springframework.boot</groupId>
					      <artifactId>spring-boot-starter-jdbc</artifactId>
					    </dependency>
					    <dependency>
					      <groupId>org.springframework.boot</groupId>
					      <artifactId>spring-boot-starter-flyway</artifactId>
					    </dependency>
					    <dependency>
					      <groupId>org.flywaydb</groupId>
					      <artifactId>flyway-database-postgresql</artifactId>
					    </dependency>
					    <dependency>
					      <groupId>org.postgresql</groupId>
					      <artifactId>postgresql</artifactId>
					      <scope>runtime</scope>
					    </dependency>
					""");
		}
		if (this.service.grpc()) {
			dependencies.append("""
					    <!-- Brings grpc-netty, grpc-protobuf, grpc-stub and protobuf-java for the generated stubs -->
					    <dependency>
					      <groupId>org.springframework.boot</groupId>
					      <artifactId>spring-boot-starter-grpc-server</artifactId>
					    </dependency>
					""");
		}
		dependencies.append("""

				    <!-- Profile kubernetes: properties from the ConfigMap <service>-reloadable-config (reloaded in place) and the Secret
				         <service>-secrets, read through the API server (application-kubernetes.yaml, docs/kubernetes.md); inactive
				         elsewhere. Version: platform-bom. -->
				    <dependency>
				      <groupId>org.springframework.cloud</groupId>
				      <artifactId>spring-cloud-kubernetes-fabric8-config</artifactId>
				    </dependency>

				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-test</artifactId>
				      <scope>test</scope>
				    </dependency>
				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-webmvc-test</artifactId>
				      <scope>test</scope>
				    </dependency>
				    <dependency>
				      <groupId>com.example.platform</groupId>
				      <artifactId>platform-test</artifactId>
				      <scope>test</scope>
				    </dependency>
				""");
		String protobufPlugin = this.service.grpc() ? """
				      <plugin>
				        <groupId>io.github.ascopes</groupId>
				        <artifactId>protobuf-maven-plugin</artifactId>
				      </plugin>
				""" : "";
		return fill("""
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0"
				         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
				  <modelVersion>4.0.0</modelVersion>
				  <parent>
				    <groupId>com.example.platform</groupId>
				    <artifactId>platform-parent</artifactId>
				    <version>0.1.0-SNAPSHOT</version>
				  </parent>

				  <!-- Generated by ./platform new-service (docs/adding-a-service.md) -->
				  <artifactId>@NAME@</artifactId>
				  <name>@NAME@</name>
				  <description>@DESCRIPTION@</description>

				  <properties>
				    <!-- A deployable service: it may not depend on another service's module -->
				    <platform.service-isolation.skip>false</platform.service-isolation.skip>
				  </properties>

				  <dependencies>
				""") + dependencies + """
				  </dependencies>

				  <build>
				    <plugins>
				      <plugin>
				        <groupId>org.springframework.boot</groupId>
				        <artifactId>spring-boot-maven-plugin</artifactId>
				      </plugin>
				""" + protobufPlugin + """
				    </plugins>
				  </build>
				</project>
				""";
	}

	private String applicationYaml() {
		NewService s = this.service;
		StringBuilder yaml = new StringBuilder(fill("""
				# Every environment-dependent value is an env placeholder with a local default (docs/architecture.md, Conventions).
				# Generated by ./platform new-service; the ports and the database must match platform.yaml
				# (./platform check compares them).
				spring:
				  application:
				    name: @NAME@
				"""));
		if (s.database()) {
			yaml.append(fill("""
					  datasource:
					    url: ${DB_URL:jdbc:postgresql://127.0.0.1:5432/@DATABASE@}
					    username: ${DB_USER:postgres}
					    password: ${DB_PASSWORD:postgres}
					"""));
		}
		if (s.grpc()) {
			yaml.append("""
					  grpc:
					    server:
					      port: ${GRPC_PORT:%d}
					""".formatted(s.grpcPort().getAsInt()));
		}
		if (s.usesKafka()) {
			yaml.append(fill("""
					  kafka:
					    bootstrap-servers: ${KAFKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}
					    consumer:
					      # Its own consumer group: it sees every event, whoever else consumes the topic
					      group-id: @NAME@
					      # A new consumer group starts with the events already on the topic
					      auto-offset-reset: earliest
					      key-deserializer: org.apache.kafka.common.serialization.StringDeserializer
					      value-deserializer: org.apache.kafka.common.serialization.ByteArrayDeserializer
					"""));
		}
		if (!s.restCalls().isEmpty()) {
			yaml.append("""
					  http:
					    serviceclient:
					""");
			for (String callee : s.restCalls()) {
				yaml.append("""
						      # The HTTP service group of %s. Its read timeout is the one timeout of this downstream: each
						      # attempt's limit (the starter adds %s's breaker, bulkhead and retries)
						      %s:
						        base-url: ${%s_URL:http://127.0.0.1:%s}
						        connect-timeout: 1s
						        read-timeout: 2s
						""".formatted(NewService.pascal(callee) + "Api", callee, callee, NewService.envPrefix(callee),
						"@PORT_OF_" + callee + "@"));
			}
		}
		yaml.append(fill("""
				  security:
				    oauth2:
				      resourceserver:
				        jwt:
				          # Every request carries an access token of this issuer: signature (its JWKS), issuer, audience and
				          # expiry are checked
				          issuer-uri: ${AUTH_ISSUER_URI:http://127.0.0.1:9000}
				          jwk-set-uri: ${AUTH_JWK_SET_URI:http://127.0.0.1:9000/oauth2/jwks}
				          audiences: platform-api

				server:
				  port: ${HTTP_PORT:@HTTP_PORT@}

				management:
				  server:
				    # Actuator on its own port, never routed by the gateway; /livez and /readyz stay on server.port
				    port: ${MANAGEMENT_PORT:@MANAGEMENT_PORT@}

				# Its REST API's OpenAPI 3.1 document (springdoc) at GET /v3/api-docs, readable without a token; the gateway
				# routes it as /v3/api-docs/@NAME@ for its Swagger UI when the service has a public route. To gate it like the
				# sample services (committed copy, baseline): docs/contracts.md
				springdoc:
				  paths-to-match: /api/**
				  default-produces-media-type: application/json
				  auto-tag-classes: false
				  writer-with-order-by-keys: true
				  swagger-ui:
				    # The one Swagger UI is the gateway's
				    enabled: false
				  open-api:
				    info:
				      title: @NAME@
				      version: v1
				    servers:
				      # Relative: the gateway's origin when the document is read through the gateway
				      - url: /
				    components:
				      security-schemes:
				        bearer:
				          type: http
				          scheme: bearer
				          bearer-format: JWT
				    security:
				      - bearer: []

				platform:
				  security:
				    # The scope each route needs (first match wins; any other route needs a valid token): the gateway checks
				    # the same rules at the edge. Reading (GET, HEAD) and changing are separate scopes.
				    rules:
				      # The OpenAPI document: no token (public API metadata)
				      - methods: [GET]
				        paths: [/v3/api-docs, /v3/api-docs.yaml]
				        permit-all: true
				      - methods: [GET, HEAD]
				        paths: [@API@, @API@/**]
				        scope: @READ_SCOPE@
				      - paths: [@API@, @API@/**]
				        scope: @WRITE_SCOPE@
				"""));
		return yaml.toString();
	}

	private String applicationKubernetesYaml() {
		return fill("""
				# Profile "kubernetes" (SPRING_PROFILES_ACTIVE=kubernetes, set by infra/k8s). Nothing here is read elsewhere.
				# Configuration from the API server: properties from the ConfigMap @NAME@-reloadable-config (polled, reloaded in
				# place when it changes) and the Secret @NAME@-secrets (read at start), with the pod's ServiceAccount (RBAC:
				# infra/k8s/base/@NAME@.yaml). What is reloadable and what needs a restart: docs/kubernetes.md.
				spring:
				  config:
				    # Resolvable only on Kubernetes (detected, or spring.main.cloud-platform=kubernetes); optional: a pod whose API
				    # server cannot be reached starts with the packaged configuration
				    import: "optional:kubernetes:"
				  cloud:
				    kubernetes:
				      config:
				        # One GET by name per source (no namespace-wide list): the Role names exactly these objects
				        read-type: single
				        include-profile-specific-sources: false
				        sources:
				          - name: @NAME@-reloadable-config
				      secrets:
				        enabled: true
				        read-type: single
				        include-profile-specific-sources: false
				        sources:
				          - name: @NAME@-secrets
				      reload:
				        enabled: true
				        mode: polling
				        period: 15s
				        strategy: refresh
				        monitoring-config-maps: true
				        monitoring-secrets: false

				management:
				  # These read the pod itself from the API, which this service's Role does not allow
				  health:
				    kubernetes:
				      enabled: false
				  info:
				    kubernetes:
				      enabled: false
				""");
	}

	private String application() {
		return fill("""
				package @PACKAGE@;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;
				import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

				/** @NAME@: @DESCRIPTION@ */
				@SpringBootApplication
				@ConfigurationPropertiesScan
				public class @CLASS@Application {

					public static void main(String[] args) {
						SpringApplication.run(@CLASS@Application.class, args);
					}

				}
				""");
	}

	private String itemMigration() {
		return """
				-- The sample aggregate of the generated service: replace it with your own (a new V<n>__*.sql per change; never
				-- edit a migration that ran). Each item belongs to the principal (token subject) that created it.
				CREATE TABLE item (
				    id         uuid         PRIMARY KEY,
				    owner      varchar(255) NOT NULL,
				    name       varchar(200) NOT NULL,
				    quantity   integer      NOT NULL CHECK (quantity >= 0),
				    created_at timestamptz  NOT NULL DEFAULT clock_timestamp()
				);

				CREATE INDEX item_owner_idx ON item (owner, created_at);
				""";
	}

	private String item() {
		return fill("""
				package @PACKAGE@.items;

				import java.time.Instant;
				import java.util.UUID;

				/**
				 * The sample aggregate (replace it with your domain), also its REST representation. Whose it is (the owner) is not
				 * part of it: only the owner ever reads it.
				 */
				public record Item(UUID id, String name, int quantity, Instant createdAt) {
				}
				""");
	}

	private String newItem() {
		return fill("""
				package @PACKAGE@.items;

				import jakarta.validation.constraints.NotBlank;
				import jakarta.validation.constraints.PositiveOrZero;
				import jakarta.validation.constraints.Size;

				/** The body of {@code POST @API@}; invalid fields become a 400 problem naming them (the starter's). */
				record NewItem(@NotBlank @Size(max = 200) String name, @PositiveOrZero int quantity) {
				}
				""");
	}

	private String itemController() {
		return fill("""
				package @PACKAGE@.items;

				import java.util.List;
				import java.util.UUID;

				import jakarta.validation.Valid;

				import org.springframework.http.HttpStatus;
				import org.springframework.http.ResponseEntity;
				import org.springframework.security.core.annotation.AuthenticationPrincipal;
				import org.springframework.security.oauth2.jwt.Jwt;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.PathVariable;
				import org.springframework.web.bind.annotation.PostMapping;
				import org.springframework.web.bind.annotation.RequestBody;
				import org.springframework.web.bind.annotation.RequestMapping;
				import org.springframework.web.bind.annotation.RestController;
				import org.springframework.web.server.ResponseStatusException;
				import org.springframework.web.util.UriComponentsBuilder;

				/**
				 * The caller's items: each principal (the token's subject) sees only what it created; another's item answers 404,
				 * like one that does not exist. Scopes (platform.security.rules): @READ_SCOPE@ to read, @WRITE_SCOPE@ to create.
				 */
				@RestController
				@RequestMapping("@API@")
				class ItemController {

					private final ItemService items;

					ItemController(ItemService items) {
						this.items = items;
					}

					/** The caller's items, oldest first. */
					@GetMapping
					List<Item> list(@AuthenticationPrincipal Jwt caller) {
						return this.items.list(caller.getSubject());
					}

					@GetMapping("/{id}")
					Item get(@PathVariable UUID id, @AuthenticationPrincipal Jwt caller) {
						return this.items.find(caller.getSubject(), id)
							.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No item " + id + "."));
					}

					@PostMapping
					ResponseEntity<Item> create(@Valid @RequestBody NewItem item, @AuthenticationPrincipal Jwt caller,
							UriComponentsBuilder uri) {
						Item created = this.items.create(caller.getSubject(), item);
						return ResponseEntity.created(uri.path("@API@/{id}").buildAndExpand(created.id()).toUri()).body(created);
					}

				}
				""");
	}

	private String itemService() {
		return fill("""
				package @PACKAGE@.items;

				import java.util.List;
				import java.util.Optional;
				import java.util.UUID;

				import org.springframework.stereotype.Service;
				import org.springframework.transaction.annotation.Transactional;

				/** The domain logic of items (the sample aggregate): here is where your rules go. */
				@Service
				class ItemService {

					private final ItemRepository repository;

					ItemService(ItemRepository repository) {
						this.repository = repository;
					}

					@Transactional
					Item create(String owner, NewItem item) {
						return this.repository.insert(UUID.randomUUID(), owner, item);
					}

					@Transactional(readOnly = true)
					List<Item> list(String owner) {
						return this.repository.findByOwner(owner);
					}

					@Transactional(readOnly = true)
					Optional<Item> find(String owner, UUID id) {
						return this.repository.find(owner, id);
					}

				}
				""");
	}

	private String itemRepository() {
		return fill("""
				package @PACKAGE@.items;

				import java.sql.ResultSet;
				import java.sql.SQLException;
				import java.time.OffsetDateTime;
				import java.util.List;
				import java.util.Optional;
				import java.util.UUID;

				import org.springframework.jdbc.core.simple.JdbcClient;
				import org.springframework.stereotype.Repository;

				/** Table {@code item} (db/migration/V1__create_item.sql), with plain SQL through JdbcClient. */
				@Repository
				class ItemRepository {

					private static final String COLUMNS = "id, name, quantity, created_at";

					private final JdbcClient jdbc;

					ItemRepository(JdbcClient jdbc) {
						this.jdbc = jdbc;
					}

					Item insert(UUID id, String owner, NewItem item) {
						return this.jdbc.sql("INSERT INTO item (id, owner, name, quantity) VALUES (:id, :owner, :name, :quantity)"
								+ " RETURNING " + COLUMNS)
							.param("id", id)
							.param("owner", owner)
							.param("name", item.name())
							.param("quantity", item.quantity())
							.query(ItemRepository::item)
							.single();
					}

					List<Item> findByOwner(String owner) {
						return this.jdbc.sql("SELECT " + COLUMNS + " FROM item WHERE owner = :owner ORDER BY created_at, id")
							.param("owner", owner)
							.query(ItemRepository::item)
							.list();
					}

					Optional<Item> find(String owner, UUID id) {
						return this.jdbc.sql("SELECT " + COLUMNS + " FROM item WHERE id = :id AND owner = :owner")
							.param("id", id)
							.param("owner", owner)
							.query(ItemRepository::item)
							.optional();
					}

					private static Item item(ResultSet rs, int row) throws SQLException {
						return new Item(rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("quantity"),
								rs.getObject("created_at", OffsetDateTime.class).toInstant());
					}

				}
				""");
	}

	private String itemControllerTests() {
		return fill("""
				package @PACKAGE@.items;

				import java.time.Instant;
				import java.util.List;
				import java.util.UUID;

				import org.junit.jupiter.api.Test;

				import com.example.platform.test.security.TestIssuer;
				import com.example.platform.test.security.UseTestIssuer;

				import org.springframework.beans.factory.annotation.Autowired;
				import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
				import org.springframework.http.HttpHeaders;
				import org.springframework.http.MediaType;
				import org.springframework.test.context.bean.override.mockito.MockitoBean;
				import org.springframework.test.web.servlet.MockMvc;

				import static org.hamcrest.Matchers.containsInAnyOrder;
				import static org.mockito.ArgumentMatchers.any;
				import static org.mockito.ArgumentMatchers.eq;
				import static org.mockito.BDDMockito.given;
				import static org.mockito.Mockito.verifyNoInteractions;
				import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
				import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
				import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
				import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
				import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
				import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

				/** The REST API of items in a Spring MVC slice: mapping, validation, problems and the scopes of each method. */
				@WebMvcTest(ItemController.class)
				@UseTestIssuer
				class ItemControllerTests {

					@Autowired
					MockMvc mvc;

					@MockitoBean
					ItemService items;

					@Test
					void listsTheCallersItems() throws Exception {
						Item item = new Item(UUID.randomUUID(), "bolt", 3, Instant.parse("2026-01-01T00:00:00Z"));
						given(this.items.list("alice")).willReturn(List.of(item));

						this.mvc.perform(get("@API@").header(HttpHeaders.AUTHORIZATION, bearer("alice", "@READ_SCOPE@")))
							.andExpect(status().isOk())
							.andExpect(jsonPath("$[0].id").value(item.id().toString()))
							.andExpect(jsonPath("$[0].name").value("bolt"))
							.andExpect(jsonPath("$[0].quantity").value(3));
					}

					@Test
					void createsAnItemOfTheCaller() throws Exception {
						Item item = new Item(UUID.randomUUID(), "nut", 5, Instant.now());
						given(this.items.create(eq("alice"), any(NewItem.class))).willReturn(item);

						this.mvc
							.perform(post("@API@").header(HttpHeaders.AUTHORIZATION, bearer("alice", "@WRITE_SCOPE@"))
								.contentType(MediaType.APPLICATION_JSON)
								.content("{\\"name\\": \\"nut\\", \\"quantity\\": 5}"))
							.andExpect(status().isCreated())
							.andExpect(header().string(HttpHeaders.LOCATION, "http://localhost@API@/" + item.id()))
							.andExpect(jsonPath("$.name").value("nut"));
					}

					@Test
					void invalidFieldsAreABadRequestProblemNamingThem() throws Exception {
						this.mvc
							.perform(post("@API@").header(HttpHeaders.AUTHORIZATION, bearer("alice", "@WRITE_SCOPE@"))
								.contentType(MediaType.APPLICATION_JSON)
								.content("{\\"name\\": \\"\\", \\"quantity\\": -1}"))
							.andExpect(status().isBadRequest())
							.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
							.andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("name", "quantity")));
						verifyNoInteractions(this.items);
					}

					@Test
					void anotherPrincipalsOrAnUnknownItemIsANotFoundProblem() throws Exception {
						this.mvc
							.perform(get("@API@/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION,
									bearer("bob", "@READ_SCOPE@")))
							.andExpect(status().isNotFound())
							.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
					}

					@Test
					void noTokenIsUnauthorizedAndAMissingScopeIsForbidden() throws Exception {
						this.mvc.perform(get("@API@")).andExpect(status().isUnauthorized());
						this.mvc
							.perform(post("@API@").header(HttpHeaders.AUTHORIZATION, bearer("alice", "@READ_SCOPE@"))
								.contentType(MediaType.APPLICATION_JSON)
								.content("{\\"name\\": \\"nut\\", \\"quantity\\": 5}"))
							.andExpect(status().isForbidden());
						verifyNoInteractions(this.items);
					}

					private static String bearer(String subject, String scope) {
						return TestIssuer.shared().token(subject).scopes(scope).bearer();
					}

				}
				""");
	}

	private String integrationTestSupport() {
		String annotations = (this.service.database() ? "@UsePostgres\n" : "") + (this.service.usesKafka() ? "@UseKafka\n" : "")
				+ "@UseTestIssuer\n";
		String imports = (this.service.usesKafka() ? "import com.example.platform.test.UseKafka;\n" : "")
				+ (this.service.database() ? "import com.example.platform.test.UsePostgres;\n" : "");
		return fill("""
				package @PACKAGE@;

				import java.io.IOException;
				import java.net.URI;
				import java.net.http.HttpClient;
				import java.net.http.HttpRequest;
				import java.net.http.HttpResponse;

				@IMPORTS@import com.example.platform.test.security.TestIssuer;
				import com.example.platform.test.security.UseTestIssuer;

				import org.springframework.boot.test.context.SpringBootTest;
				import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
				import org.springframework.boot.test.web.server.LocalServerPort;

				/**
				 * What every integration test shares, declared once so that all *IT classes run in one cached Spring context: the
				 * whole service on a random port, on real infrastructure from platform-test (a fresh PostgreSQL database for the
				 * context, an embedded Kafka broker or Testcontainers), trusting the test issuer whose tokens the tests mint.
				 */
				@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "logging.level.org.apache.kafka=WARN",
						"logging.level.kafka=WARN", "logging.level.state.change.logger=WARN"@GRPC_PORT_ZERO@ })
				@ANNOTATIONS@abstract class IntegrationTestSupport {

					private static final HttpClient HTTP = HttpClient.newHttpClient();

					@LocalServerPort
					int port;

					/** A request to this service's API, with a token of {@code subject} and these scopes (no subject: no token). */
					HttpResponse<String> call(String method, String path, String body, String subject, String... scopes)
							throws IOException, InterruptedException {
						HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
							.header("Content-Type", "application/json")
							.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
									: HttpRequest.BodyPublishers.noBody());
						if (subject != null) {
							request.header("Authorization", TestIssuer.shared().token(subject).scopes(scopes).bearer());
						}
						return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
					}

				}
				""").replace("@IMPORTS@", imports).replace("@ANNOTATIONS@", annotations)
			// A free gRPC port: the declared one may be taken by a running platform
			.replace("@GRPC_PORT_ZERO@", this.service.grpc() ? ", \"spring.grpc.server.port=0\"" : "");
	}

	private String itemsIT() {
		return fill("""
				package @PACKAGE@;

				import java.net.http.HttpResponse;

				import org.junit.jupiter.api.Test;

				import static org.assertj.core.api.Assertions.assertThat;

				/** Items through the whole service on its real database: created, read back by their owner only. */
				class ItemsIT extends IntegrationTestSupport {

					@Test
					void anItemIsCreatedAndReadBackByItsOwnerOnly() throws Exception {
						HttpResponse<String> created = call("POST", "@API@", "{\\"name\\": \\"bolt\\", \\"quantity\\": 3}", "alice",
								"@WRITE_SCOPE@");
						assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
						String location = created.headers().firstValue("Location").orElseThrow();
						String path = location.substring(location.indexOf("@API@"));

						HttpResponse<String> read = call("GET", path, null, "alice", "@READ_SCOPE@");
						assertThat(read.statusCode()).isEqualTo(200);
						assertThat(read.body()).contains("\\"name\\":\\"bolt\\"", "\\"quantity\\":3");
						assertThat(call("GET", "@API@", null, "alice", "@READ_SCOPE@").body()).contains(path.substring(path.lastIndexOf('/') + 1));

						assertThat(call("GET", path, null, "bob", "@READ_SCOPE@").statusCode()).isEqualTo(404);
						assertThat(call("GET", "@API@", null, "bob", "@READ_SCOPE@").body()).isEqualTo("[]");
					}

					@Test
					void withoutATokenItIsUnauthorizedAndWithoutTheScopeForbidden() throws Exception {
						assertThat(call("GET", "@API@", null, null).statusCode()).isEqualTo(401);
						assertThat(call("POST", "@API@", "{\\"name\\": \\"bolt\\", \\"quantity\\": 3}", "alice", "@READ_SCOPE@")
							.statusCode()).isEqualTo(403);
					}

					@Test
					void theServiceIsReadyWithItsDatabase() throws Exception {
						assertThat(call("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
					}

				}
				""");
	}

	private String info() {
		return fill("""
				package @PACKAGE@.info;

				import java.time.Instant;

				/** The sample answer of a service without a database (replace it with your domain). */
				record Info(String service, String caller, Instant time) {
				}
				""");
	}

	private String infoController() {
		return fill("""
				package @PACKAGE@.info;

				import java.time.Instant;

				import org.springframework.security.core.annotation.AuthenticationPrincipal;
				import org.springframework.security.oauth2.jwt.Jwt;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RequestMapping;
				import org.springframework.web.bind.annotation.RestController;

				/** The sample endpoint: who is calling (scope @READ_SCOPE@). */
				@RestController
				@RequestMapping("@API@")
				class InfoController {

					@GetMapping
					Info info(@AuthenticationPrincipal Jwt caller) {
						return new Info("@NAME@", caller.getSubject(), Instant.now());
					}

				}
				""");
	}

	private String infoControllerTests() {
		return fill("""
				package @PACKAGE@.info;

				import org.junit.jupiter.api.Test;

				import com.example.platform.test.security.TestIssuer;
				import com.example.platform.test.security.UseTestIssuer;

				import org.springframework.beans.factory.annotation.Autowired;
				import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
				import org.springframework.http.HttpHeaders;
				import org.springframework.test.web.servlet.MockMvc;

				import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
				import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
				import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

				/** The sample endpoint in a Spring MVC slice, with its scope. */
				@WebMvcTest(InfoController.class)
				@UseTestIssuer
				class InfoControllerTests {

					@Autowired
					MockMvc mvc;

					@Test
					void answersWhoIsCalling() throws Exception {
						this.mvc
							.perform(get("@API@").header(HttpHeaders.AUTHORIZATION,
									TestIssuer.shared().token("alice").scopes("@READ_SCOPE@").bearer()))
							.andExpect(status().isOk())
							.andExpect(jsonPath("$.service").value("@NAME@"))
							.andExpect(jsonPath("$.caller").value("alice"));
					}

					@Test
					void noTokenIsUnauthorized() throws Exception {
						this.mvc.perform(get("@API@")).andExpect(status().isUnauthorized());
					}

				}
				""");
	}

	private String infoIT() {
		return fill("""
				package @PACKAGE@;

				import org.junit.jupiter.api.Test;

				import static org.assertj.core.api.Assertions.assertThat;

				/** The whole service, started. */
				class InfoIT extends IntegrationTestSupport {

					@Test
					void answersAnAuthenticatedCallerAndIsReady() throws Exception {
						assertThat(call("GET", "@API@", null, "alice", "@READ_SCOPE@").body()).contains("\\"caller\\":\\"alice\\"");
						assertThat(call("GET", "@API@", null, null).statusCode()).isEqualTo(401);
						assertThat(call("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
					}

				}
				""");
	}

	private String consumerMigration(String topic, String table) {
		return """
				-- The consumer of %s (generated). processed_%s_event records each event (CloudEvents ce_id) in the
				-- same transaction as its effect: a redelivered or duplicated event finds its id here and changes nothing.
				CREATE TABLE processed_%s_event (
				    event_id     varchar(200) PRIMARY KEY,
				    event_type   varchar(200) NOT NULL,
				    processed_at timestamptz  NOT NULL DEFAULT now()
				);

				-- The sample effect: how many events of each type were processed. Replace it with yours.
				CREATE TABLE %s_event_count (
				    event_type varchar(200) PRIMARY KEY,
				    events     bigint       NOT NULL
				);
				""".formatted(topic, table, table, table);
	}

	private String receivedEvent(String topic, String pkg) {
		return fill("""
				package @PACKAGE@.@PKG@;

				import java.util.Objects;

				/**
				 * An event of %s as this service understands it, independent of the wire format (CloudEvents attributes in
				 * Kafka headers; the payload's schema is in contracts/).
				 *
				 * @param eventId the CloudEvents id (ce_id), the deduplication key
				 * @param type the CloudEvents type (ce_type)
				 * @param key the record's key (the aggregate id: events of one key arrive in order)
				 * @param payload the record's value, as published
				 */
				record ReceivedEvent(String eventId, String type, String key, byte[] payload) {

					ReceivedEvent {
						Objects.requireNonNull(eventId, "eventId");
						Objects.requireNonNull(type, "type");
					}

				}
				""".formatted(topic)).replace("@PKG@", pkg);
	}

	private String listener(String topic, String feature, String pkg) {
		String type = NewService.pascal(feature);
		return fill("""
				package @PACKAGE@.@PKG@;

				import io.cloudevents.CloudEvent;
				import io.cloudevents.kafka.KafkaMessageFactory;
				import org.apache.kafka.clients.consumer.ConsumerRecord;

				import org.springframework.kafka.annotation.KafkaListener;
				import org.springframework.stereotype.Component;

				/**
				 * Consumes %s in the consumer group {@value #GROUP_ID}. Failures propagate to the starter's Kafka error
				 * handler (retries with backoff, then the dead-letter topic %s-dlt, replayed with ./platform replay
				 * @NAME@); nothing is logged and skipped. Idempotent: {@link @TYPE@Service} records each event id with its
				 * effect.
				 */
				@Component
				class @TYPE@Listener {

					static final String TOPIC = "%s";

					static final String GROUP_ID = "@NAME@";

					private final @TYPE@Service events;

					@TYPE@Listener(@TYPE@Service events) {
						this.events = events;
					}

					// The value is raw bytes whatever the global consumer configuration says (a dead letter keeps them); the
					// envelope (CloudEvents, ce_* headers) is read by the SDK: a record without one goes to the dead-letter
					// topic at once; ce_type tells how to parse the value, ce_id is the deduplication key
					@KafkaListener(id = "@FEATURE@", topics = TOPIC, groupId = GROUP_ID,
							properties = { "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
									"value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer" })
					void on@TYPE@(ConsumerRecord<String, byte[]> record) {
						CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
						this.events.process(new ReceivedEvent(event.getId(), event.getType(), record.key(),
								(event.getData() != null) ? event.getData().toBytes() : new byte[0]));
					}

				}
				""".formatted(topic, topic, topic)).replace("@PKG@", pkg).replace("@TYPE@", type).replace("@FEATURE@", feature);
	}

	private String consumerService(String topic, String feature, String pkg, String table) {
		String type = NewService.pascal(feature);
		return fill("""
				package @PACKAGE@.@PKG@;

				import org.slf4j.Logger;
				import org.slf4j.LoggerFactory;

				import org.springframework.stereotype.Service;
				import org.springframework.transaction.annotation.Transactional;

				/** What this service does with the events of %s, exactly once per event. */
				@Service
				class @TYPE@Service {

					private static final Logger log = LoggerFactory.getLogger(@TYPE@Service.class);

					private final @TYPE@Repository repository;

					@TYPE@Service(@TYPE@Repository repository) {
						this.repository = repository;
					}

					/**
					 * Applies the event unless it was applied already: the processed-event record and the effect commit in one
					 * transaction, so a redelivery finds the first and changes nothing.
					 * @return whether the event had an effect
					 */
					@Transactional
					boolean process(ReceivedEvent event) {
						if (!this.repository.markProcessed(event)) {
							log.debug("Event {} already processed, skipping", event.eventId());
							return false;
						}
						// The sample effect (table %s_event_count): parse event.payload() with the contract's type and do your work here
						this.repository.count(event.type());
						return true;
					}

				}
				""".formatted(topic, table)).replace("@PKG@", pkg).replace("@TYPE@", type);
	}

	private String consumerRepository(String feature, String pkg, String table) {
		String type = NewService.pascal(feature);
		return fill("""
				package @PACKAGE@.@PKG@;

				import org.springframework.jdbc.core.simple.JdbcClient;
				import org.springframework.stereotype.Repository;

				@Repository
				class @TYPE@Repository {

					private final JdbcClient jdbc;

					@TYPE@Repository(JdbcClient jdbc) {
						this.jdbc = jdbc;
					}

					/** Records the event as processed; false when it was already (the caller then changes nothing). */
					boolean markProcessed(ReceivedEvent event) {
						return this.jdbc.sql(\"""
								INSERT INTO processed_@TABLE@_event (event_id, event_type) VALUES (:eventId, :type)
								ON CONFLICT (event_id) DO NOTHING\""")
							.param("eventId", event.eventId())
							.param("type", event.type())
							.update() == 1;
					}

					void count(String eventType) {
						this.jdbc.sql(\"""
								INSERT INTO @TABLE@_event_count (event_type, events) VALUES (:type, 1)
								ON CONFLICT (event_type) DO UPDATE SET events = @TABLE@_event_count.events + 1\""")
							.param("type", eventType)
							.update();
					}

				}
				""").replace("@PKG@", pkg).replace("@TYPE@", type).replace("@TABLE@", table);
	}

	private String listenerIT(String topic, String feature, String table) {
		String type = NewService.pascal(feature);
		return fill("""
				package @PACKAGE@;

				import java.nio.charset.StandardCharsets;
				import java.time.Duration;
				import java.util.Map;
				import java.util.UUID;
				import java.util.concurrent.TimeUnit;

				import org.apache.kafka.clients.producer.KafkaProducer;
				import org.apache.kafka.clients.producer.ProducerConfig;
				import org.apache.kafka.clients.producer.ProducerRecord;
				import org.apache.kafka.common.serialization.ByteArraySerializer;
				import org.apache.kafka.common.serialization.StringSerializer;
				import org.junit.jupiter.api.Test;

				import com.example.platform.test.PlatformInfrastructure;

				import org.springframework.beans.factory.annotation.Autowired;
				import org.springframework.jdbc.core.simple.JdbcClient;

				import static org.assertj.core.api.Assertions.assertThat;
				import static org.awaitility.Awaitility.await;

				/** The consumer of %s on a real broker and database: one effect per event, however often it arrives. */
				class @TYPE@ListenerIT extends IntegrationTestSupport {

					static final String TOPIC = "%s";

					@Autowired
					JdbcClient jdbc;

					@Test
					void anEventDeliveredTwiceHasOneEffect() throws Exception {
						String key = UUID.randomUUID().toString();
						String duplicated = "test.Duplicated." + UUID.randomUUID();
						String marker = "test.Marker." + UUID.randomUUID();
						String eventId = UUID.randomUUID().toString();
						try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
								Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformInfrastructure.kafkaBootstrapServers(),
										ProducerConfig.ACKS_CONFIG, "all"),
								new StringSerializer(), new ByteArraySerializer())) {
							send(producer, key, eventId, duplicated);
							send(producer, key, eventId, duplicated);
							// Same key, same partition, in order: once the marker is counted, both copies were handled
							send(producer, key, UUID.randomUUID().toString(), marker);
						}
						await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> count(marker) == 1);
						assertThat(count(duplicated)).isEqualTo(1);
					}

					private long count(String eventType) {
						return this.jdbc.sql("SELECT coalesce(sum(events), 0) FROM @TABLE@_event_count WHERE event_type = :type")
							.param("type", eventType)
							.query(Long.class)
							.single();
					}

					private static void send(KafkaProducer<String, byte[]> producer, String key, String ceId, String ceType)
							throws Exception {
						ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, key, new byte[0]);
						record.headers().add("ce_specversion", bytes("1.0"));
						record.headers().add("ce_id", bytes(ceId));
						record.headers().add("ce_type", bytes(ceType));
						record.headers().add("ce_source", bytes("/@NAME@-test"));
						producer.send(record).get(10, TimeUnit.SECONDS);
					}

					private static byte[] bytes(String value) {
						return value.getBytes(StandardCharsets.UTF_8);
					}

				}
				""".formatted(topic, topic)).replace("@TYPE@", type).replace("@TABLE@", table);
	}

	private String calleeApi(String callee, String pkg, String type) {
		return fill("""
				package @PACKAGE@.@PKG@;

				import java.util.Map;

				import org.springframework.web.service.annotation.GetExchange;

				/**
				 * The part of @CALLEE@'s REST API this service calls (its contract: @CALLEE@'s OpenAPI document in
				 * contracts/openapi/ where it has one; never its Java types). Its client is the HTTP service group
				 * {@value @TYPE@ClientConfiguration#GROUP}: base URL and timeouts in
				 * {@code spring.http.serviceclient.@CALLEE@.*}, the platform's resilience of the downstream of that name.
				 */
				interface @TYPE@Api {

					// An example to replace with the calls you need, e.g. @GetExchange("/api/things/{id}") Thing thing(@PathVariable UUID id)
					@GetExchange("/readyz")
					Map<String, Object> readiness();

				}
				""").replace("@PKG@", pkg).replace("@TYPE@", type).replace("@CALLEE@", callee);
	}

	private String calleeConfiguration(String callee, String pkg, String type) {
		return fill("""
				package @PACKAGE@.@PKG@;

				import org.springframework.context.annotation.Bean;
				import org.springframework.context.annotation.Configuration;
				import org.springframework.http.HttpHeaders;
				import org.springframework.http.client.ClientHttpRequestInterceptor;
				import org.springframework.security.core.Authentication;
				import org.springframework.security.core.context.SecurityContextHolder;
				import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
				import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
				import org.springframework.web.service.registry.ImportHttpServices;

				/**
				 * The client of @CALLEE@: {@link @TYPE@Api} in the HTTP service group {@value #GROUP}, configured by Boot
				 * ({@code spring.http.serviceclient.@CALLEE@.base-url}, {@code connect-timeout}, {@code read-timeout}: the one
				 * timeout of this downstream), observed, passing the request's budget and hop limit on, with the platform's circuit
				 * breaker, bulkhead and budgeted retries of the downstream {@value #GROUP} (the starter adds them by group name).
				 */
				@Configuration(proxyBeanMethods = false)
				@ImportHttpServices(group = @TYPE@ClientConfiguration.GROUP, types = @TYPE@Api.class)
				class @TYPE@ClientConfiguration {

					static final String GROUP = "@CALLEE@";

					/**
					 * Relays the caller's access token on calls made while serving a request (@CALLEE@ then applies the caller's
					 * scopes and ownership). Outside a request (a Kafka listener) there is none: give this service its own identity
					 * there (client credentials; see notification-service's CustomerServiceTokenConfiguration). Outermost.
					 */
					@Bean
					RestClientHttpServiceGroupConfigurer @CAMEL@TokenRelay() {
						ClientHttpRequestInterceptor relay = (request, body, execution) -> {
							Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
							if (authentication instanceof JwtAuthenticationToken jwt
									&& !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
								request.getHeaders().setBearerAuth(jwt.getToken().getTokenValue());
							}
							return execution.execute(request, body);
						};
						return (groups) -> groups.filterByName(GROUP)
							.forEachClient((group, builder) -> builder.requestInterceptors((interceptors) -> interceptors.add(0, relay)));
					}

				}
				""").replace("@PKG@", pkg).replace("@TYPE@", type).replace("@CALLEE@", callee)
			.replace("@CAMEL@", NewService.camel(callee));
	}

	private String calleeClient(String callee, String pkg, String type) {
		return fill("""
				package @PACKAGE@.@PKG@;

				import java.util.Map;

				import org.springframework.stereotype.Component;

				/**
				 * This service's calls to @CALLEE@, mapped to its own types at its edge. Every failure throws (a 4xx/5xx, a
				 * timeout, an open circuit breaker): decide here what each means for your domain.
				 */
				@Component
				public class @TYPE@Client {

					private final @TYPE@Api api;

					@TYPE@Client(@TYPE@Api api) {
						this.api = api;
					}

					/** The example call: whether @CALLEE@ answers ready. */
					public boolean ready() {
						Map<String, Object> readiness = this.api.readiness();
						return readiness != null && "UP".equals(readiness.get("status"));
					}

				}
				""").replace("@PKG@", pkg).replace("@TYPE@", type).replace("@CALLEE@", callee);
	}

	private String grpcServiceClass() {
		return NewService.pascal(this.service.shortName()) + "GrpcService";
	}

	private String protoPackage() {
		return "platform." + NewService.packageSegment(this.service.shortName()) + ".v1";
	}

	private String javaContractsPackage() {
		return "com.example.platform.contracts." + NewService.packageSegment(this.service.shortName()) + ".v1";
	}

	private String protoService() {
		return NewService.pascal(this.service.shortName()) + "Service";
	}

	private String proto() {
		return """
				// %s, served by %s over gRPC (generated by ./platform new-service: replace the sample RPC with yours).
				// Evolve compatibly only: add optional fields with new numbers; never renumber, retype or reuse a number.
				//
				// How to call it (any language):
				// - Transport: gRPC over plaintext HTTP/2 (h2c) on %s's gRPC port (%d by default, GRPC_PORT).
				// - Authentication: every call carries `authorization: Bearer <access token>` metadata (a JWT of the platform's
				//   issuer, audience "platform-api"). No token or an invalid one: UNAUTHENTICATED.
				// - Deadline: set one on every call.
				// - Status codes every RPC may answer: UNAUTHENTICATED, UNAVAILABLE (retry with backoff), DEADLINE_EXCEEDED,
				//   CANCELLED, RESOURCE_EXHAUSTED (hop limit), INVALID_ARGUMENT.
				syntax = "proto3";

				package %s;

				option java_multiple_files = true;
				option java_package = "%s";

				service %s {
				  // Answers who called. Idempotent, no side effect: safe to retry.
				  rpc WhoAmI(WhoAmIRequest) returns (WhoAmIResponse);
				}

				message WhoAmIRequest {
				}

				message WhoAmIResponse {
				  // The subject of the caller's access token
				  string subject = 1;
				}
				""".formatted(this.service.description(), this.service.name(), this.service.name(),
				this.service.grpcPort().getAsInt(), protoPackage(), javaContractsPackage(), protoService());
	}

	private String grpcService() {
		return fill("""
				package @PACKAGE@.grpc;

				import io.grpc.stub.StreamObserver;

				import @CONTRACTS@.@SERVICE@Grpc;
				import @CONTRACTS@.WhoAmIRequest;
				import @CONTRACTS@.WhoAmIResponse;

				import org.springframework.security.core.Authentication;
				import org.springframework.security.core.context.SecurityContextHolder;
				import org.springframework.stereotype.Service;

				/**
				 * Serves @PROTO@.@SERVICE@ (contracts/src/main/proto). Spring gRPC registers every BindableService bean on the
				 * server (port {@code spring.grpc.server.port}); the starter authenticates each call with its bearer token.
				 */
				@Service
				class @GRPC@ extends @SERVICE@Grpc.@SERVICE@ImplBase {

					@Override
					public void whoAmI(WhoAmIRequest request, StreamObserver<WhoAmIResponse> response) {
						Authentication caller = SecurityContextHolder.getContext().getAuthentication();
						response.onNext(WhoAmIResponse.newBuilder().setSubject((caller != null) ? caller.getName() : "").build());
						response.onCompleted();
					}

				}
				""").replace("@CONTRACTS@", javaContractsPackage()).replace("@SERVICE@", protoService())
			.replace("@PROTO@", protoPackage()).replace("@GRPC@", grpcServiceClass());
	}

	private String grpcServiceTests() {
		return fill("""
				package @PACKAGE@.grpc;

				import java.util.ArrayList;
				import java.util.List;

				import io.grpc.stub.StreamObserver;
				import org.junit.jupiter.api.AfterEach;
				import org.junit.jupiter.api.Test;

				import @CONTRACTS@.WhoAmIRequest;
				import @CONTRACTS@.WhoAmIResponse;

				import org.springframework.security.authentication.TestingAuthenticationToken;
				import org.springframework.security.core.context.SecurityContextHolder;

				import static org.assertj.core.api.Assertions.assertThat;

				class @GRPC@Tests {

					@AfterEach
					void clear() {
						SecurityContextHolder.clearContext();
					}

					@Test
					void answersTheCallersSubject() {
						SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", null));
						List<WhoAmIResponse> answers = new ArrayList<>();
						List<Throwable> errors = new ArrayList<>();
						new @GRPC@().whoAmI(WhoAmIRequest.getDefaultInstance(), new StreamObserver<>() {
							@Override
							public void onNext(WhoAmIResponse value) {
								answers.add(value);
							}

							@Override
							public void onError(Throwable error) {
								errors.add(error);
							}

							@Override
							public void onCompleted() {
							}
						});
						assertThat(errors).isEmpty();
						assertThat(answers).extracting(WhoAmIResponse::getSubject).containsExactly("alice");
					}

				}
				""").replace("@CONTRACTS@", javaContractsPackage()).replace("@GRPC@", grpcServiceClass());
	}

	private String readme() {
		NewService s = this.service;
		StringBuilder readme = new StringBuilder(fill("""
				# @NAME@

				@DESCRIPTION@

				Generated by `./platform new-service` (docs/adding-a-service.md): replace the sample code with your domain.

				## What it owns
				"""));
		readme.append(s.database() ? fill("- Database `@DATABASE@` (Flyway, `src/main/resources/db/migration`): the sample table `item`"
				+ (s.usesKafka() ? ", and per consumed topic a processed-event table and the sample effect's table" : "")
				+ ".\n") : "- No database.\n");
		readme.append("\n## Contracts\nServed:\n");
		readme.append(fill(s.database()
				? "- REST `@API@` (`GET` list, `GET /{id}`, `POST {name, quantity}` -> 201): the caller's items only; scopes "
						+ "`@READ_SCOPE@` (GET, HEAD) and `@WRITE_SCOPE@` (the rest).\n"
				: "- REST `GET @API@`: who is calling; scope `@READ_SCOPE@`.\n"));
		s.route().ifPresent((route) -> readme.append("- Public through the gateway: `" + route + "`, `" + route + "/**`.\n"));
		if (s.grpc()) {
			readme.append("- gRPC `" + protoPackage() + "." + protoService() + "` on port " + s.grpcPort().getAsInt() + ".\n");
		}
		if (!s.consumes().isEmpty() || !s.restCalls().isEmpty()) {
			readme.append("\nConsumed / called:\n");
		}
		for (String topic : s.consumes()) {
			readme.append(fill("- Kafka topic `" + topic + "`, group `@NAME@`: idempotent (processed-event ids stored with the "
					+ "effect); failures are retried, then dead-lettered to `" + topic + "-dlt` (`./platform replay @NAME@`).\n"));
		}
		for (String callee : s.restCalls()) {
			readme.append("- " + callee + " over REST: `" + NewService.pascal(callee) + "Api`, HTTP service group `" + callee
					+ "` (1 s connect / 2 s read timeout; the starter adds its circuit breaker, bulkhead and budgeted retries).\n");
		}
		readme.append(fill("""

				## Configuration
				| env var | property | default |
				|---|---|---|
				| `HTTP_PORT` | `server.port` | `@HTTP_PORT@` |
				| `MANAGEMENT_PORT` | `management.server.port` (actuator) | `@MANAGEMENT_PORT@` |
				| `AUTH_ISSUER_URI` | `spring.security.oauth2.resourceserver.jwt.issuer-uri` | `http://127.0.0.1:9000` |
				| `AUTH_JWK_SET_URI` | `spring.security.oauth2.resourceserver.jwt.jwk-set-uri` | `http://127.0.0.1:9000/oauth2/jwks` |
				"""));
		if (s.database()) {
			readme.append(fill("| `DB_URL` | `spring.datasource.url` | `jdbc:postgresql://127.0.0.1:5432/@DATABASE@` |\n"
					+ "| `DB_USER` / `DB_PASSWORD` | `spring.datasource.username` / `password` | `postgres` / `postgres` |\n"));
		}
		if (s.grpc()) {
			readme.append("| `GRPC_PORT` | `spring.grpc.server.port` | `" + s.grpcPort().getAsInt() + "` |\n");
		}
		if (s.usesKafka()) {
			readme.append("| `KAFKA_BOOTSTRAP_SERVERS` | `spring.kafka.bootstrap-servers` | `127.0.0.1:9092` |\n");
		}
		for (String callee : s.restCalls()) {
			readme.append("| `" + NewService.envPrefix(callee) + "_URL` | `spring.http.serviceclient." + callee
					+ ".base-url` | `http://127.0.0.1:@PORT_OF_" + callee + "@` |\n");
		}
		readme.append(fill("""

				Plus what the platform starter reads for every service (`PLATFORM_ENVIRONMENT`, `LOG_FORMAT`, `OTEL_*`, ...).

				## Run and test it alone
				```
				./mvnw -q -pl @NAME@ -am verify      # slice tests (*Tests) and integration tests (*IT) on real PostgreSQL/Kafka
				./platform up                        # the whole platform, this service included (platform.yaml)
				```
				"""));
		return readme.toString();
	}

	/** Files whose text still holds {@code @PORT_OF_<service>@} placeholders get the callee's HTTP port. */
	static Map<String, String> resolvePorts(Map<String, String> files, Map<String, Integer> httpPorts) {
		Map<String, String> resolved = new LinkedHashMap<>();
		files.forEach((path, content) -> {
			String text = content;
			for (Map.Entry<String, Integer> port : httpPorts.entrySet()) {
				text = text.replace("@PORT_OF_" + port.getKey() + "@", String.valueOf(port.getValue()));
			}
			resolved.put(path, text);
		});
		return resolved;
	}

}
