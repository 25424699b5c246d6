package dev.cdcready.clickpipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundle's packages form no cycle: each shared rule sits below every package that uses it. Reads the compiled
 * classes' constant pools (class names and descriptors), the same references {@code jdeps} follows, so a cycle that
 * comes back fails the build with the classes that close it.
 */
class PackageCyclesTest {

    /** A reference to a bundle class inside a constant-pool string: a class name or a descriptor. */
    private static final Pattern BUNDLE_CLASS = Pattern.compile("(?:dev/cdcready/clickpipes|db/clickpipes)(?:/\\w+)*/"
            + "[\\w$]+");

    @Test
    void noBundlePackageDependsOnAPackageThatDependsBackOnIt() throws Exception {
        Map<String, Map<String, String>> graph = packageGraph();
        assertTrue(graph.size() > 10, "found the compiled packages: " + graph.keySet());
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                StringBuilder edges = new StringBuilder(String.join(" <-> ", component));
                for (String from : component) {
                    graph.get(from).forEach((to, example) -> {
                        if (component.contains(to)) {
                            edges.append("\n    ").append(example);
                        }
                    });
                }
                cycles.add(edges.toString());
            }
        }
        assertEquals(List.of(), cycles, "package cycles; move the shared rule below both packages");
    }

    @Test
    void theReaderSeesACrossPackageReference() throws Exception {
        // Guards the test above against reading nothing: Session (cli) uses ClickPipesFlyway (api).
        assertTrue(packageGraph().get("dev.cdcready.clickpipes.cli").containsKey("dev.cdcready.clickpipes.api"));
    }

    /** @return package to (package it uses to one class reference that shows it) */
    private static Map<String, Map<String, String>> packageGraph() throws Exception {
        Path classes = Path.of(ClickPipesException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Map<String, String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String className = classes.relativize(file).toString().replace('\\', '/').replaceFirst("\\.class$", "");
                String from = packageOf(className);
                if (!BUNDLE_CLASS.matcher(className).matches()) {
                    continue;
                }
                Map<String, String> uses = graph.computeIfAbsent(from, p -> new TreeMap<>());
                for (String text : constantPoolStrings(file)) {
                    Matcher matcher = BUNDLE_CLASS.matcher(text);
                    while (matcher.find()) {
                        String to = packageOf(matcher.group());
                        if (!to.equals(from)) {
                            uses.putIfAbsent(to, className.replace('/', '.') + " -> " + matcher.group().replace('/', '.'));
                        }
                    }
                }
            }
        }
        return graph;
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    /** @return the UTF-8 entries of a class file's constant pool (JVMS 4.4) */
    private static List<String> constantPoolStrings(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            data.readUnsignedShort(); // major
            int count = data.readUnsignedShort();
            List<String> strings = new ArrayList<>();
            for (int index = 1; index < count; index++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.add(data.readUTF());
                    case 7, 8, 16, 19, 20 -> data.skipNBytes(2);
                    case 15 -> data.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        index++; // a long or double takes two entries
                    }
                    default -> throw new IOException(classFile + ": constant-pool tag " + tag + " is unknown");
                }
            }
            return strings;
        }
    }

    /** Tarjan's algorithm: the strongly connected components of the package graph. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> components = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, graph, index, low, stack, components);
            }
        }
        return components;
    }

    private static void visit(String node, Map<String, Map<String, String>> graph, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, List<Set<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
