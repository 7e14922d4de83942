package com.example.platform.cli.rename;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTests {

	@Test
	void lowerCaseSegmentsArePackagesAndGroupIds() {
		assertThat(Names.packageProblem("org.acme.shop")).isEmpty();
		assertThat(Names.packageProblem("io.acme2.order_service")).isEmpty();
		assertThat(Names.groupIdProblem("org.acme.shop")).isEmpty();
		assertThat(Names.groupIdProblem("org.acme-corp.shop")).isEmpty();
	}

	@Test
	void aPackageNamesTheSegmentThatBreaksTheRules() {
		assertThat(Names.packageProblem("org.Acme.shop")).contains("package 'org.Acme.shop': segment 'Acme' must be"
				+ " lower-case letters, digits and underscores, starting with a letter (e.g. org.acme.shop)");
		assertThat(Names.packageProblem("org.acme-corp")).get().asString().contains("segment 'acme-corp'");
		assertThat(Names.packageProblem("org.1acme")).get().asString().contains("segment '1acme'");
		assertThat(Names.packageProblem("org..acme")).contains(
				"package 'org..acme': segments are separated by single dots, e.g. org.acme.shop");
		assertThat(Names.packageProblem("org.acme.")).get().asString().contains("single dots");
		assertThat(Names.packageProblem("")).contains("package is empty");
	}

	@Test
	void javaKeywordsAndTheJdksPackagesAreRefused() {
		assertThat(Names.packageProblem("org.acme.new")).contains(
				"package 'org.acme.new': 'new' is a Java keyword and cannot be part of a package name");
		assertThat(Names.packageProblem("com.true.shop")).get().asString().contains("'true' is a Java keyword");
		assertThat(Names.packageProblem("java.acme")).contains(
				"package 'java.acme': packages under java. are reserved for the JDK");
		// Contextual keywords are valid package names
		assertThat(Names.packageProblem("org.acme.record")).isEmpty();
	}

	@Test
	void aGroupIdMayHaveHyphensButNoUpperCase() {
		assertThat(Names.groupIdProblem("Org.acme")).contains("group id 'Org.acme': segment 'Org' must be lower-case"
				+ " letters, digits, hyphens and underscores, starting with a letter (e.g. org.acme.shop)");
	}

	@Test
	void anImagePrefixIsARegistryAndPath() {
		assertThat(Names.imagePrefixProblem("ghcr.io/acme")).isEmpty();
		assertThat(Names.imagePrefixProblem("registry.acme.org:5000/shop/images")).isEmpty();
		assertThat(Names.imagePrefixProblem("ghcr.io/Acme")).get().asString()
			.startsWith("image prefix 'ghcr.io/Acme': expected a registry and path in lower case");
		assertThat(Names.imagePrefixProblem("ghcr.io/acme/gateway:1.0")).isPresent();
	}

}
