package com.example.platform.order.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port that refuses connections until {@link #open()}, then forwards them to a real
 * broker. Given to a producer as its bootstrap server, it makes "the broker is down, then
 * comes back" without touching the shared broker (after bootstrap the producer connects to
 * the broker's advertised address directly).
 */
final class KafkaBootstrapProxy implements AutoCloseable {

	private final InetSocketAddress broker;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	KafkaBootstrapProxy(String bootstrapServers) {
		String first = bootstrapServers.split(",")[0].trim();
		int colon = first.lastIndexOf(':');
		this.broker = new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.port = probe.getLocalPort(); // free now, and nothing listens on it until open()
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	void open() throws IOException {
		ServerSocket listening = new ServerSocket();
		listening.setReuseAddress(true);
		listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.server = listening;
		Thread.ofVirtual().name("kafka-proxy-accept").start(() -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream = new Socket(this.broker.getHostString(), this.broker.getPort());
					this.sockets.add(client);
					this.sockets.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// closed
				}
			}
		});
	}

	private static void pipe(Socket from, Socket to) {
		Thread.ofVirtual().start(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// one side went away
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	@Override
	public void close() {
		if (this.server != null) {
			closeQuietly(this.server);
		}
		this.sockets.forEach(KafkaBootstrapProxy::closeQuietly);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

}
