package com.example.platform.auth.token;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;

/** RSA signing keys as JWKs. The key id is the key's JWK thumbprint: the same key keeps the same kid. */
final class SigningKeys {

	private SigningKeys() {
	}

	/** Reads an RSA private key in PEM (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"). */
	static RSAKey load(Resource pem) throws IOException {
		PrivateKey privateKey;
		try (InputStream in = pem.getInputStream()) {
			privateKey = PemContent.load(in).getPrivateKey();
		}
		if (!(privateKey instanceof RSAPrivateCrtKey rsa)) {
			throw new IllegalStateException("The signing key in " + pem.getDescription()
					+ " is not an RSA private key (found " + (privateKey != null ? privateKey.getAlgorithm() : "none")
					+ ")");
		}
		try {
			// The private key carries the public exponent: no separate public key file to keep in step
			RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
			return jwk(publicKey, rsa);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive the public key from " + pem.getDescription(), ex);
		}
	}

	static RSAKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return jwk((RSAPublicKey) pair.getPublic(), pair.getPrivate());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an RSA signing key", ex);
		}
	}

	private static RSAKey jwk(RSAPublicKey publicKey, PrivateKey privateKey) {
		try {
			return new RSAKey.Builder(publicKey).privateKey(privateKey)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint()
				.build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot compute the key id", ex);
		}
	}

}
