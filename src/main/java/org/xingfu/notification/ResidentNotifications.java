package org.xingfu.notification;

import java.util.List;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.identity.AccountManagement;
import org.xingfu.notice.Notices;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.vote.Ballots;
import org.xingfu.wish.WishEvents;

/**
 * What residents hear of: a notice in their compound (or above it), an owners' vote opening and closing, and a
 * volunteer taking on their wish. Only people with an account get an inbox entry: the others cannot read one.
 */
@Component
class ResidentNotifications {

	private final Inbox inbox;
	private final OrganizationDirectory directory;
	private final AccountManagement accounts;

	ResidentNotifications(Inbox inbox, OrganizationDirectory directory, AccountManagement accounts) {
		this.inbox = inbox;
		this.directory = directory;
		this.accounts = accounts;
	}

	@ApplicationModuleListener
	void on(Notices.NoticePosted event) {
		inbox.notify(accounts.withAccounts(directory.residentsUnder(event.nodePath(), false)), "NOTICE_POSTED",
				"/notices/" + event.noticeId(), event.nodeName(), event.title());
	}

	@ApplicationModuleListener
	void on(Ballots.BallotOpened event) {
		inbox.notify(accounts.withAccounts(directory.residentsUnder(event.nodePath(), true)), "BALLOT_OPENED",
				"/ballots/" + event.ballotId(), event.compoundName(), event.question());
	}

	@ApplicationModuleListener
	void on(Ballots.BallotClosed event) {
		inbox.notify(accounts.withAccounts(directory.residentsUnder(event.nodePath(), true)), "BALLOT_CLOSED",
				"/ballots/" + event.ballotId(), event.question());
	}

	@ApplicationModuleListener
	void on(WishEvents.WishClaimed event) {
		if (event.beneficiaryPersonId() != null) {
			inbox.notify(accounts.withAccounts(List.of(event.beneficiaryPersonId())), "WISH_CLAIMED",
					"/wishes/" + event.wishId(), event.title());
		}
	}
}
