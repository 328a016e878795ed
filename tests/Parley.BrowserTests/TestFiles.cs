using System.Text;

namespace Parley.BrowserTests;

/// <summary>Small real files made on the spot, so what the server inspects is a genuine PNG or PDF.</summary>
public static class TestFiles
{
    /// <summary>
    /// An RGB PNG of <paramref name="width"/> × <paramref name="height"/>: a landscape (sky, sun, a mountain ridge,
    /// water) whose light and ridge depend on <paramref name="seed"/>, so two images differ. A few kilobytes.
    /// </summary>
    public static FilePayload Png(string name, int width, int height, int seed = 0)
    {
        var (sunX, sunY, sunR) = (width * (0.25 + (0.15 * (seed % 4))), height * 0.3, Math.Min(width, height) * 0.08);
        var png = PngImage.Create(width, height, (x, y) =>
        {
            var u = (double)x / width;
            var v = (double)y / height;
            var ridge = 0.55 - (0.12 * Math.Sin((u * 7) + seed)) - (0.05 * Math.Sin((u * 19) + (seed * 2)));
            (double R, double G, double B) colour =
                v > 0.78 ? (30 + (40 * (1 - v)), 90 + (60 * (1 - v)), 140 + (50 * Math.Sin(u * 40))) // water
                : v > ridge ? (60 + (seed * 25 % 60), 80 + (60 * (0.78 - v)), 70) // mountains
                : Math.Pow(x - sunX, 2) + Math.Pow(y - sunY, 2) < sunR * sunR ? (255, 226, 140) // sun
                : (120 + (100 * v) + (seed * 20 % 60), 170 + (60 * v), 235 - (30 * v)); // sky
            return ((byte)Math.Clamp(colour.R, 0, 255), (byte)Math.Clamp(colour.G, 0, 255), (byte)Math.Clamp(colour.B, 0, 255));
        });
        return new FilePayload { Name = name, MimeType = "image/png", Buffer = png };
    }

    /// <summary>A one-page PDF that says <paramref name="text"/>, with a correct cross-reference table.</summary>
    public static FilePayload Pdf(string name, string text)
    {
        var content = $"BT /F1 24 Tf 72 720 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return new FilePayload { Name = name, MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes(pdf.ToString()) };
    }

    /// <summary>
    /// A short WebM video recorded by the page's own Chromium (a canvas animation through MediaRecorder), as a phone
    /// or a screen recorder would make one.
    /// </summary>
    public static async Task<FilePayload> WebmAsync(IPage page, string name)
    {
        var base64 = await page.EvaluateAsync<string>(
            """
            async () => {
              const canvas = document.createElement("canvas");
              canvas.width = 320;
              canvas.height = 180;
              const context = canvas.getContext("2d");
              const stream = canvas.captureStream(25);
              const recorder = new MediaRecorder(stream, { mimeType: "video/webm;codecs=vp8" });
              const chunks = [];
              recorder.ondataavailable = (e) => chunks.push(e.data);
              const stopped = new Promise((resolve) => (recorder.onstop = resolve));
              recorder.start();
              const started = performance.now();
              await new Promise((resolve) => {
                const draw = () => {
                  const t = performance.now() - started;
                  context.fillStyle = `hsl(${(t / 4) % 360} 70% 50%)`;
                  context.fillRect(0, 0, 320, 180);
                  context.fillStyle = "#fff";
                  context.fillRect((t / 5) % 320, 70, 40, 40);
                  if (t < 1200) requestAnimationFrame(draw);
                  else resolve();
                };
                draw();
              });
              recorder.stop();
              await stopped;
              const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
              let binary = "";
              for (const b of bytes) binary += String.fromCharCode(b);
              return btoa(binary);
            }
            """);
        return new FilePayload { Name = name, MimeType = "video/webm", Buffer = Convert.FromBase64String(base64) };
    }
}
