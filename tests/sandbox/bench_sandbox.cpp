// Figures for ncm-sandbox with the largest fleet it accepts (100,000 routers).
#include "sandboxtesthelpers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

using namespace fw::sandbox;

namespace {

double residentMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    }
    return -1;
}

void figure(const char *name, double value, const char *unit)
{
    std::printf("figure: %s = %.2f %s\n", name, value, unit);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QElapsedTimer timer;
    timer.start();
    SandboxOptions options = test::testOptions(Sandbox::kMaxRouters, 1);
    options.stepSeconds = 900;
    Sandbox sandbox(options);
    figure("sandbox_create_100k", double(timer.elapsed()), "ms");

    constexpr int kSteps = 8;
    timer.restart();
    sandbox.advance(qint64(kSteps) * 900 * 1000000);
    figure("sandbox_step_100k", double(timer.elapsed()) / kSteps, "ms");

    timer.restart();
    constexpr int kPages = 5;
    for (int i = 0; i < kPages; ++i)
        sandbox.api().handle(test::request("GET", "/api/v2/routers/?limit=500&offset=" + QByteArray::number(i * 20000)));
    figure("sandbox_routers_page_100k", double(timer.elapsed()) / kPages, "ms");

    timer.restart();
    sandbox.api().handle(test::request("GET", "/api/v2/routers/?limit=500&state=offline"));
    figure("sandbox_filtered_page_100k", double(timer.elapsed()), "ms");

    figure("sandbox_memory_100k", residentMegabytes(), "MB");
    std::printf("alerts raised: %zu\n", sandbox.engine().alerts().size());
    return 0;
}
