package chat.presence.functions.audit;

import java.util.List;

/** One group of invariants, checked against a snapshot of the stored state. */
interface InvariantCheck {
  List<Finding> check(AuditSnapshot snapshot);
}
