package io.flyteservices.bench.coldstart;

import java.util.ArrayList;
import java.util.List;

/**
 * One way of starting {@code functions}: JVM options, the start-up cache a training run makes for it (none, an
 * AppCDS archive or a JDK AOT cache) and the class path it runs on: smaller (without the all-in-one jars), and with
 * the classes Micronaut AOT generated at build time in front ({@code mvn -Pmicronaut-aot -pl functions
 * package}; not measured by default, as that build step is not part of the default build).
 */
public record StartConfig(String name, Cache cache, List<String> jvmOptions, boolean smallClassPath,
                          boolean micronautAot) {

    /** What a training run records before the measured starts. */
    public enum Cache {
        /** Only the JDK's own default CDS archive. */
        NONE,
        /** A dynamic AppCDS archive: {@code -XX:ArchiveClassesAtExit=} then {@code -XX:SharedArchiveFile=}. */
        APPCDS,
        /** A JDK 25 AOT cache (loaded and linked classes, profiles): {@code -XX:AOTCacheOutput=} then {@code -XX:AOTCache=}. */
        AOT_CACHE
    }

    static final List<String> QUICK = List.of("-XX:TieredStopAtLevel=1");
    static final List<String> SERIAL = List.of("-XX:+UseSerialGC");

    /** Every configuration the benchmark knows, plain first (the baseline of the ratios). */
    public static List<StartConfig> all() {
        return List.of(
                new StartConfig("plain", Cache.NONE, List.of(), false, false),
                new StartConfig("c1+serial", Cache.NONE, join(QUICK, SERIAL), false, false),
                new StartConfig("appcds", Cache.APPCDS, List.of(), false, false),
                new StartConfig("appcds+c1+serial", Cache.APPCDS, join(QUICK, SERIAL), false, false),
                new StartConfig("aotcache", Cache.AOT_CACHE, List.of(), false, false),
                new StartConfig("aotcache+c1", Cache.AOT_CACHE, QUICK, false, false),
                new StartConfig("aotcache+serial", Cache.AOT_CACHE, SERIAL, false, false),
                new StartConfig("aotcache+c1+serial", Cache.AOT_CACHE, join(QUICK, SERIAL), false, false),
                new StartConfig("aotcache+c1+serial+smallcp", Cache.AOT_CACHE, join(QUICK, SERIAL), true, false),
                new StartConfig("mnaot", Cache.NONE, List.of(), false, true),
                new StartConfig("mnaot+aotcache+c1+serial", Cache.AOT_CACHE, join(QUICK, SERIAL), false, true));
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }
}
