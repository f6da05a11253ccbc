package org.crmhub.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.RedisURI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The portal reads the hub's REDIS_URL forms, Sentinel included, as Lettuce understands them. */
class PortalRedisUrlTest {

  @Test
  void aSentinelUrlNamesItsSentinelsAndThePrimary() {
    RedisURI uri = RedisURI.create(PortalRedis.lettuceForm("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/crmhub"));

    assertEquals("crmhub", uri.getSentinelMasterId());
    assertEquals(List.of(26379, 26380), uri.getSentinels().stream().map(RedisURI::getPort).toList());
  }

  @Test
  void otherUrlsAreLeftAsTheyAre() {
    assertEquals("redis://127.0.0.1:6379/0", PortalRedis.lettuceForm("redis://127.0.0.1:6379/0"));
    assertEquals("redis-sentinel://h:26379#crmhub", PortalRedis.lettuceForm("redis-sentinel://h:26379#crmhub"));
  }
}
