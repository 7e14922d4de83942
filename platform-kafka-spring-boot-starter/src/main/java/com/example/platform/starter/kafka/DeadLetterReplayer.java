package com.example.platform.starter.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Sends dead letters back to the topic they came from, with their original key, value and
 * headers (minus the {@code kafka_dlt-*} failure headers, plus {@link #REPLAYED_FROM}).
 * <p>
 * The replay position of each dead-letter topic is the committed offset of a dedicated consumer
 * group, committed only after the broker acknowledged the re-published records: a replay never
 * repeats a dead letter it already sent back (a crash between the send and the commit may send
 * one again, which the idempotent consumers absorb). Only dead letters of the given consumer
 * groups are re-published, since several services share one dead-letter topic per topic.
 */
class DeadLetterReplayer {

	/** Header on a replayed record: {@code <dead-letter topic>-<partition>@<offset>}. */
	public static final String REPLAYED_FROM = "platform_replayed_from";

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterReplayer.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Map<String, Object> consumerConfig;

	private final Map<String, Object> producerConfig;

	private final String replayGroup;

	public DeadLetterReplayer(Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
			String replayGroup) {
		this.consumerConfig = new HashMap<>(consumerConfig);
		this.consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, replayGroup);
		this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		this.producerConfig = new HashMap<>(producerConfig);
		this.producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.replayGroup = replayGroup;
	}

	public String replayGroup() {
		return this.replayGroup;
	}

	/** Per dead-letter topic: records it holds, and records not yet replayed by this service. */
	public Map<String, Map<String, Long>> status(Set<String> deadLetterTopics) {
		Map<String, Map<String, Long>> status = new LinkedHashMap<>();
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			for (String topic : deadLetterTopics) {
				List<TopicPartition> partitions = partitions(consumer, topic);
				Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
				Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
				Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), TIMEOUT);
				long records = 0;
				long notReplayed = 0;
				for (TopicPartition partition : partitions) {
					long from = begin.getOrDefault(partition, 0L);
					long to = end.getOrDefault(partition, 0L);
					OffsetAndMetadata replayed = committed.get(partition);
					records += to - from;
					notReplayed += to - Math.max(from, (replayed != null) ? replayed.offset() : from);
				}
				Map<String, Long> counts = new LinkedHashMap<>();
				counts.put("records", records);
				counts.put("notReplayed", notReplayed);
				status.put(topic, counts);
			}
		}
		return status;
	}

	/**
	 * Re-publishes the dead letters written so far (up to the end offsets seen at the start) that
	 * the given consumer groups failed on.
	 * @return per dead-letter topic, how many records were sent back
	 */
	public Map<String, Long> replay(Set<String> deadLetterTopics, Set<String> groups, String deadLetterSuffix) {
		Map<String, Long> replayed = new LinkedHashMap<>();
		try (KafkaConsumer<byte[], byte[]> consumer = consumer();
				KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(this.producerConfig,
						new ByteArraySerializer(), new ByteArraySerializer())) {
			for (String topic : deadLetterTopics) {
				replayed.put(topic, replay(consumer, producer, topic, groups, deadLetterSuffix));
			}
		}
		return replayed;
	}

	private long replay(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String topic,
			Set<String> groups, String deadLetterSuffix) {
		List<TopicPartition> partitions = partitions(consumer, topic);
		if (partitions.isEmpty()) {
			return 0;
		}
		consumer.assign(partitions);
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), TIMEOUT);
		List<TopicPartition> fromStart = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata position = committed.get(partition);
			if (position != null) {
				consumer.seek(partition, position);
			}
			else {
				fromStart.add(partition);
			}
		}
		consumer.seekToBeginning(fromStart);
		long count = 0;
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!reachedEnd(consumer, end)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Replay of " + topic + " did not reach the end offsets in " + TIMEOUT
						+ "; replayed " + count + ", the rest stays for the next replay");
			}
			Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (record.offset() >= end.get(partition)) {
					continue; // written after the replay started: left for the next one
				}
				if (groups.isEmpty() || groups.contains(header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))) {
					send(producer, record, deadLetterSuffix);
					count++;
				}
				done.put(partition, new OffsetAndMetadata(record.offset() + 1));
			}
			if (!done.isEmpty()) {
				// Acknowledged by the broker first, then remembered as replayed
				producer.flush();
				consumer.commitSync(done, TIMEOUT);
			}
		}
		consumer.unsubscribe();
		if (count > 0) {
			logger.info("Replayed {} dead letter(s) from {}", count, topic);
		}
		return count;
	}

	private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((e) -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
	}

	private void send(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record,
			String deadLetterSuffix) {
		String original = header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
		if (original == null) {
			original = record.topic().endsWith(deadLetterSuffix)
					? record.topic().substring(0, record.topic().length() - deadLetterSuffix.length()) : record.topic();
		}
		RecordHeaders headers = new RecordHeaders();
		for (Header header : record.headers()) {
			if (!header.key().startsWith("kafka_dlt-")) {
				headers.add(header);
			}
		}
		headers.add(REPLAYED_FROM, (record.topic() + "-" + record.partition() + "@" + record.offset())
			.getBytes(StandardCharsets.UTF_8));
		try {
			// No partition: the key picks it, as it did for the original record
			producer.send(new ProducerRecord<>(original, null, record.key(), record.value(), headers))
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while replaying " + record.topic(), ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not replay " + record.topic() + "-" + record.partition() + "@"
					+ record.offset() + " to " + original, ex);
		}
	}

	private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
		List<PartitionInfo> infos = consumer.listTopics(TIMEOUT).get(topic);
		if (infos == null) {
			return List.of();
		}
		return infos.stream().map((info) -> new TopicPartition(info.topic(), info.partition())).toList();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private KafkaConsumer<byte[], byte[]> consumer() {
		return new KafkaConsumer<>(this.consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

}
