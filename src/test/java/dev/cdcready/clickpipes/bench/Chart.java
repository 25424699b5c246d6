package dev.cdcready.clickpipes.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Median wall time against the number of tables, one line per variant, both axes logarithmic. Drawn with java.awt
 * (headless) so the benchmark needs no plotting library. Partitioned sizes are drawn as points of their own.
 */
final class Chart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 640;
    private static final int LEFT = 80;
    private static final int RIGHT = 290;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {new Color(0x555555), new Color(0x1f77b4), new Color(0xd62728),
        new Color(0x17becf), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b),
        new Color(0xe377c2), new Color(0xbcbd22)};
    /** Marks of sizes with the same number of tables, in order of their schemas: circle, triangle, diamond, … */
    private static final String[] SHAPE_NAMES = {"●", "▲", "◆", "■"};

    private Chart() {
    }

    static void write(List<SizeResult> results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        // Same number of tables: fewer schemas first, so the line climbs through the schema-per-tenant shapes.
        List<SizeResult> sorted = results.stream().sorted(Comparator.comparingInt((SizeResult r) -> r.size.tables())
                .thenComparingInt(r -> r.size.schemas())).toList();
        double minX = Math.log10(sorted.get(0).size.tables());
        double maxX = Math.log10(sorted.get(sorted.size() - 1).size.tables());
        if (maxX - minX < 1) {
            maxX = minX + 1;
        }
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (SizeResult r : sorted) {
            for (Variant v : Variant.values()) {
                double ms = Math.max(1, r.median(v).millis());
                if (Double.isNaN(ms)) {
                    continue; // not run on this size (bench.baselineMaxSchemas)
                }
                minY = Math.min(minY, ms);
                maxY = Math.max(maxY, ms);
            }
        }
        minY = Math.pow(10, Math.floor(Math.log10(minY)));
        maxY = Math.pow(10, Math.ceil(Math.log10(maxY)));
        Axes axes = new Axes(Math.floor(minX), Math.ceil(maxX), Math.log10(minY), Math.log10(maxY));

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        grid(g, axes);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString("clickpipes-aurora-flyway: median wall time vs number of tables (PostgreSQL 17)", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < Variant.values().length; i++) {
            Variant v = Variant.values()[i];
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(new BasicStroke(2.2f));
            int[] last = null;
            for (SizeResult r : sorted) {
                if (Double.isNaN(r.median(v).millis())) {
                    continue;
                }
                int x = axes.x(Math.log10(r.size.tables()));
                int y = axes.y(Math.log10(Math.max(1, r.median(v).millis())));
                if (r.size.partitions() > 0) {
                    g.drawRect(x - 4, y - 4, 8, 8);
                    continue;
                }
                mark(g, shape(sorted, r), x, y);
                if (last != null) {
                    g.drawLine(last[0], last[1], x, y);
                }
                last = new int[] {x, y};
            }
            int ly = TOP + 20 + i * 22;
            g.drawLine(WIDTH - RIGHT + 20, ly - 4, WIDTH - RIGHT + 45, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(v.label, WIDTH - RIGHT + 52, ly);
        }
        g.setColor(Color.DARK_GRAY);
        int ly = TOP + 20 + Variant.values().length * 22 + 10;
        g.drawString("□ = partitioned case", WIDTH - RIGHT + 20, ly);
        for (SizeResult r : sorted) {
            if (r.size.partitions() == 0 && sameTables(sorted, r) > 1) {
                ly += 18;
                g.drawString(SHAPE_NAMES[Math.min(shape(sorted, r), SHAPE_NAMES.length - 1)] + " " + r.size.label(),
                        WIDTH - RIGHT + 20, ly);
            }
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** @return the rank of {@code r} among the plain sizes with its number of tables (0 = fewest schemas) */
    private static int shape(List<SizeResult> sorted, SizeResult r) {
        return (int) sorted.stream().filter(o -> o.size.partitions() == 0 && o.size.tables() == r.size.tables()
                && o.size.schemas() < r.size.schemas()).count();
    }

    private static long sameTables(List<SizeResult> sorted, SizeResult r) {
        return sorted.stream().filter(o -> o.size.partitions() == 0 && o.size.tables() == r.size.tables()).count();
    }

    private static void mark(Graphics2D g, int shape, int x, int y) {
        switch (shape) {
            case 0 -> g.fillOval(x - 4, y - 4, 8, 8);
            case 1 -> g.fillPolygon(new int[] {x - 5, x + 5, x}, new int[] {y + 4, y + 4, y - 5}, 3);
            case 2 -> g.fillPolygon(new int[] {x - 5, x, x + 5, x}, new int[] {y, y - 5, y, y + 5}, 4);
            default -> g.fillRect(x - 4, y - 4, 8, 8);
        }
    }

    private static void grid(Graphics2D g, Axes axes) {
        g.setColor(new Color(0xdddddd));
        for (double e = axes.minX; e <= axes.maxX; e++) {
            int x = axes.x(e);
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,d", (long) Math.pow(10, e)), x - 15, HEIGHT - BOTTOM + 18);
            g.setColor(new Color(0xdddddd));
        }
        for (double e = axes.minY; e <= axes.maxY; e++) {
            int y = axes.y(e);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            double ms = Math.pow(10, e);
            g.drawString(ms >= 1000 ? String.format(Locale.ROOT, "%,.0f s", ms / 1000)
                    : String.format(Locale.ROOT, "%.0f ms", ms), 10, y + 4);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - RIGHT - LEFT, HEIGHT - TOP - BOTTOM);
        g.drawString("tables in the database (log scale)", LEFT + 200, HEIGHT - 20);
    }

    private record Axes(double minX, double maxX, double minY, double maxY) {
        int x(double log) {
            return LEFT + (int) Math.round((log - minX) / (maxX - minX) * (WIDTH - RIGHT - LEFT));
        }

        int y(double log) {
            return HEIGHT - BOTTOM - (int) Math.round((log - minY) / (maxY - minY) * (HEIGHT - TOP - BOTTOM));
        }
    }
}
