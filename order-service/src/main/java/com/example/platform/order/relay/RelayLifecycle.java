package com.example.platform.order.relay;

import org.springframework.context.SmartLifecycle;

/** A relay's lifecycle is its loop's: started with the application, stopped after the web server (see {@link RelayLoop#PHASE}). */
public interface RelayLifecycle extends SmartLifecycle {

	RelayLoop loop();

	@Override
	default void start() {
		loop().start();
	}

	@Override
	default void stop() {
		loop().stop();
	}

	@Override
	default boolean isRunning() {
		return loop().isRunning();
	}

	@Override
	default int getPhase() {
		return RelayLoop.PHASE;
	}

}
