package com.example.platform.notification;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port that forwards every connection to a server, so that a test can take the server away from the
 * application without touching the server others use: {@link #cut()} closes the port and every connection through
 * it (the application sees its connections reset and new ones refused), {@link #restore()} opens the same port again.
 */
final class TcpProxy implements AutoCloseable {

	private final int port;

	private final List<Socket> connections = new ArrayList<>();

	private InetSocketAddress target;

	private ServerSocket server;

	/** Listens on a free port now; connections wait in the backlog until {@link #forwardTo} names the server. */
	TcpProxy() {
		try {
			this.server = bind(0);
			this.port = this.server.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	synchronized TcpProxy forwardTo(String host, int targetPort) {
		this.target = new InetSocketAddress(host, targetPort);
		accept(this.server);
		return this;
	}

	/** The server is gone: the port refuses connections and every open one is closed. */
	synchronized void cut() {
		closeQuietly(this.server);
		this.server = null;
		this.connections.forEach(TcpProxy::closeQuietly);
		this.connections.clear();
	}

	/** The server is back, on the same port. */
	synchronized void restore() throws IOException {
		if (this.server == null) {
			this.server = bind(this.port);
			accept(this.server);
		}
	}

	@Override
	public void close() {
		cut();
	}

	private ServerSocket bind(int localPort) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true); // the port of a cut proxy may still have connections in TIME_WAIT
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
		return socket;
	}

	private void accept(ServerSocket listening) {
		InetSocketAddress to = this.target;
		Thread.ofVirtual().name("tcp-proxy-" + this.port).start(() -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream = new Socket();
					if (!register(listening, client, upstream)) {
						continue;
					}
					try {
						upstream.connect(to, 5000);
					}
					catch (IOException ex) {
						closeQuietly(client); // the server refused: so does the proxy
						continue;
					}
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// closed by cut()
				}
			}
		});
	}

	/** False (and both closed) when the proxy was cut meanwhile: no connection survives a cut. */
	private synchronized boolean register(ServerSocket listening, Socket client, Socket upstream) {
		if (this.server != listening) {
			closeQuietly(client);
			return false;
		}
		this.connections.add(client);
		this.connections.add(upstream);
		return true;
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

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

}
