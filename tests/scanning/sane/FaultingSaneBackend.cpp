// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaultingSaneBackend.h"

namespace dms {

namespace {

/** Forwards to the real device and injects the fault before page `cleanPages`. */
class FaultAfterPages : public ScanDevice
{
public:
    FaultAfterPages(std::unique_ptr<ScanDevice> inner, int cleanPages, QString status)
        : m_inner(std::move(inner))
        , m_cleanPages(cleanPages)
        , m_status(std::move(status))
    { }
    ScannerInfo info() const override { return m_inner->info(); }
    QList<ScanOption> options() override { return m_inner->options(); }
    Status setOption(const QString &name, const QVariant &value) override
    {
        return m_inner->setOption(name, value);
    }
    QList<ScanSource> sources() override { return m_inner->sources(); }
    Status configure(const ScanSettings &settings) override { return m_inner->configure(settings); }
    Result<PageImage> scanPage(int index, const ScanControl &control) override
    {
        if (index == m_cleanPages) {
            m_inner->endBatch();
            DMS_TRY(m_inner->setOption(QStringLiteral("read-return-value"), m_status));
        }
        return m_inner->scanPage(index, control);
    }
    void endBatch() override { m_inner->endBatch(); }

private:
    std::unique_ptr<ScanDevice> m_inner;
    int m_cleanPages;
    QString m_status;
};

} // namespace

FaultingSaneBackend::FaultingSaneBackend(int cleanPages, QString status)
    : m_cleanPages(cleanPages)
    , m_status(std::move(status))
{ }

Result<QList<ScannerInfo>> FaultingSaneBackend::devices()
{
    return m_sane.devices();
}

Result<std::unique_ptr<ScanDevice>> FaultingSaneBackend::open(const QString &name)
{
    auto device = m_sane.open(name);
    if (!device.ok())
        return device.error();
    return std::unique_ptr<ScanDevice>(
        std::make_unique<FaultAfterPages>(std::move(device).value(), m_cleanPages, m_status));
}

} // namespace dms
