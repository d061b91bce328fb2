package chat.presence.local.conformance;

import chat.presence.local.emulator.DynamoEmulator;
import chat.presence.model.schema.Schema;
import chat.presence.model.schema.TableSpec;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link DynamoDbContract} on dynalite, the DynamoDB emulator of the local runtime: one emulator
 * for the class, emptied before each test. Its indexes are updated with the table, so there is
 * nothing to settle.
 */
class DynaliteDynamoDbContractIT extends DynamoDbContract {
  private static DynamoEmulator emulator;

  @BeforeAll
  static void startDynalite() {
    emulator = DynamoEmulator.start(Optional.empty());
    emulator.createTables(Schema.TABLES, TableSpec::logicalName);
  }

  @AfterAll
  static void stopDynalite() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Override
  protected DynamoDbClient client() {
    return emulator.client();
  }

  @Override
  protected void settleIndexes() {}

  /** dynalite drops ConsistentRead from Scan requests (see the contract). */
  @Override
  protected boolean refusesConsistentScanOfAnIndex() {
    return false;
  }
}
