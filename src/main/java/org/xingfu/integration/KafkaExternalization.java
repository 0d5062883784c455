package org.xingfu.integration;

import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.xingfu.fund.FundApplications;
import org.xingfu.request.RequestEvents;
import org.xingfu.vote.Ballots;
import org.xingfu.wish.WishEvents;

/**
 * Which module events go to Kafka, on which topic, in which shape. On only with
 * {@code spring.modulith.events.externalization.enabled=true} and {@code spring.kafka.bootstrap-servers}: without a
 * broker nothing is sent and nothing waits. Each event is a publication in the JDBC registry until the broker
 * acknowledged it ({@code acks=all}, idempotent producer); {@link EventResubmission} sends again what an outage held
 * back. Keys are the record's id, so the events of one case stay in order on their partition.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.modulith.events.externalization.enabled", havingValue = "true")
class KafkaExternalization {

	static final String SUBMITTED = "xingfu.request.submitted";
	static final String ESCALATED = "xingfu.request.escalated";
	static final String CLOSED = "xingfu.request.closed";
	static final String WISH_FULFILLED = "xingfu.wish.fulfilled";
	static final String BALLOT_CLOSED = "xingfu.ballot.closed";
	static final String FUND_APPROVED = "xingfu.fund.approved";

	static final List<String> TOPICS = List.of(SUBMITTED, ESCALATED, CLOSED, WISH_FULFILLED, BALLOT_CLOSED, FUND_APPROVED);

	private static final Set<Class<?>> EXTERNALIZED = Set.of(RequestEvents.RequestSubmitted.class,
			RequestEvents.RequestEscalated.class, RequestEvents.RequestClosed.class, WishEvents.WishConfirmed.class,
			Ballots.BallotClosed.class);

	@Bean
	EventExternalizationConfiguration eventExternalization() {
		return EventExternalizationConfiguration.externalizing()
			.select(event -> EXTERNALIZED.contains(event.getClass())
					|| event instanceof FundApplications.StepTaken step && "APPROVED".equals(step.step()))
			.route(RequestEvents.RequestSubmitted.class, e -> target(SUBMITTED, e.requestId()))
			.route(RequestEvents.RequestEscalated.class, e -> target(ESCALATED, e.requestId()))
			.route(RequestEvents.RequestClosed.class, e -> target(CLOSED, e.requestId()))
			.route(WishEvents.WishConfirmed.class, e -> target(WISH_FULFILLED, e.wishId()))
			.route(Ballots.BallotClosed.class, e -> target(BALLOT_CLOSED, e.ballotId()))
			.route(FundApplications.StepTaken.class, e -> target(FUND_APPROVED, e.applicationId()))
			.mapping(RequestEvents.RequestSubmitted.class, e -> new OutboundEvents.RequestSubmitted(e.requestId(),
					e.compoundId(), e.nodePath(), e.category(), e.urgency(), e.at()))
			.mapping(RequestEvents.RequestEscalated.class, e -> new OutboundEvents.RequestEscalated(e.requestId(),
					e.level(), e.levelNodeId(), e.automatic(), e.at()))
			.mapping(RequestEvents.RequestClosed.class,
					e -> new OutboundEvents.RequestClosed(e.requestId(), e.satisfaction(), e.at()))
			.mapping(WishEvents.WishConfirmed.class, e -> new OutboundEvents.WishFulfilled(e.wishId(), e.communityId(),
					e.claimants().size(), e.at()))
			.mapping(Ballots.BallotClosed.class, e -> new OutboundEvents.BallotClosed(e.ballotId(), e.compoundId(),
					e.nodePath(), e.matter(), e.passed(), e.outcome(), e.at()))
			.mapping(FundApplications.StepTaken.class, e -> new OutboundEvents.FundUseApproved(e.applicationId(),
					e.compoundId(), e.nodePath(), e.hazard(), e.at()))
			.build();
	}

	private static RoutingTarget target(String topic, long key) {
		return RoutingTarget.forTarget(topic).andKey(String.valueOf(key));
	}

	/** The topics, made at start when missing (three partitions; replicas as the cluster's default). */
	@Bean
	KafkaAdmin.NewTopics xingfuTopics() {
		return new KafkaAdmin.NewTopics(TOPICS.stream().map(t -> TopicBuilder.name(t).partitions(3).build())
			.toArray(NewTopic[]::new));
	}
}
