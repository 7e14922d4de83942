package com.example.platform.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeysTests {

	@Test
	void loadsAPkcs8PemKeyAndDerivesItsPublicKeyAndAStableKeyId() throws Exception {
		var pair = rsaPair();
		ByteArrayResource pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());

		RSAKey first = SigningKeys.load(pem);
		RSAKey second = SigningKeys.load(pem);

		assertThat(first.toRSAPublicKey().getModulus()).isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
		assertThat(first.isPrivate()).isTrue();
		// the kid is the thumbprint: the same key file keeps the same kid across restarts
		assertThat(first.getKeyID()).isEqualTo(second.getKeyID()).isEqualTo(first.computeThumbprint().toString());
	}

	@Test
	void generatedKeysDiffer() {
		assertThat(SigningKeys.generate().getKeyID()).isNotEqualTo(SigningKeys.generate().getKeyID());
	}

	@Test
	void aKeyThatIsNotRsaIsAClearError() throws Exception {
		var ec = KeyPairGenerator.getInstance("EC").generateKeyPair();

		assertThatIllegalStateException().isThrownBy(() -> SigningKeys.load(pem("PRIVATE KEY", ec.getPrivate().getEncoded())))
			.withMessageContaining("not an RSA private key");
	}

	private static java.security.KeyPair rsaPair() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static ByteArrayResource pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return new ByteArrayResource(
				("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII));
	}

}
