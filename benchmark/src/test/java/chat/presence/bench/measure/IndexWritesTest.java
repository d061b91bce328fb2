package chat.presence.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

class IndexWritesTest {
  private static final AttributeValue S = AttributeValue.fromS("x");

  @Test
  void anAgentsConnectionRecordWritesNoIndexAndAVisitorsWritesByUser() {
    var agent = PutItemRequest.builder().tableName("connections").item(Map.of("connectionId", S, "role", S)).build();
    var visitor =
        PutItemRequest.builder().tableName("connections").item(Map.of("connectionId", S, "userKey", S)).build();

    assertThat(IndexWrites.of(agent, PutItemResponse.builder().build())).isZero();
    assertThat(IndexWrites.of(visitor, PutItemResponse.builder().build())).isEqualTo(1);
  }

  @Test
  void aDeleteWritesTheIndexesItsOldImageWasIn() {
    var delete = DeleteItemRequest.builder().tableName("connections").key(Map.of("connectionId", S)).build();

    assertThat(IndexWrites.of(delete, DeleteItemResponse.builder().attributes(Map.of("connectionId", S)).build()))
        .isZero();
    assertThat(
            IndexWrites.of(
                delete,
                DeleteItemResponse.builder()
                    .attributes(Map.of("connectionId", S, "userKey", S, "presenceSite", S))
                    .build()))
        .isEqualTo(2);
  }

  @Test
  void anUpdateWritesTheIndexesItsImageIsInOrItsExpressionNames() {
    var subscribe =
        UpdateItemRequest.builder()
            .tableName("connections")
            .updateExpression("SET #site = :site")
            .expressionAttributeNames(Map.of("#site", "presenceSite"))
            .build();
    var chatUpdate =
        UpdateItemRequest.builder().tableName("chats").updateExpression("SET agentId = :pendingKey").build();
    var settle = UpdateItemRequest.builder().tableName("chats").updateExpression("REMOVE pendingKey").build();

    assertThat(IndexWrites.of(subscribe, UpdateItemResponse.builder().attributes(Map.of("connectionId", S)).build()))
        .isEqualTo(1);
    assertThat(
            IndexWrites.of(
                chatUpdate,
                UpdateItemResponse.builder()
                    .attributes(Map.of("siteId", S, "visitorKey", S, "pendingKey", S))
                    .build()))
        .isEqualTo(2);
    assertThat(
            IndexWrites.of(
                chatUpdate, UpdateItemResponse.builder().attributes(Map.of("siteId", S, "visitorKey", S)).build()))
        .as("out of the sparse pending index, whose sort key it lacks; a value named like it is no attribute")
        .isEqualTo(1);
    assertThat(
            IndexWrites.of(settle, UpdateItemResponse.builder().attributes(Map.of("siteId", S, "visitorKey", S)).build()))
        .as("leaving the pending index writes it")
        .isEqualTo(2);
  }

  @Test
  void aWriteThatAsksForNoImageIsSentAskingForOneAndOtherAsksAreKept() {
    var put = PutItemRequest.builder().tableName("connections").item(Map.of("connectionId", S)).build();
    var update =
        UpdateItemRequest.builder().tableName("chats").returnValues(ReturnValue.UPDATED_OLD).build();
    var agentUpdate = UpdateItemRequest.builder().tableName("agents").build();

    assertThat(((PutItemRequest) IndexWrites.withImage(put)).returnValues()).isEqualTo(ReturnValue.ALL_OLD);
    assertThat(((UpdateItemRequest) IndexWrites.withImage(update)).returnValues()).isEqualTo(ReturnValue.UPDATED_OLD);
    assertThat(((UpdateItemRequest) IndexWrites.withImage(agentUpdate)).returnValues()).isNull();
  }
}
