// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/SignaturePanel.h"

#include "document/SignatureModel.h"
#include "signing/pades/PadesVerifier.h"

#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace dms {

SignaturePanel::SignaturePanel(const CadesVerifier &verifier, QWidget *parent)
    : QWidget(parent)
    , m_verifier(verifier)
    , m_model(new SignatureModel(this))
{
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("signatureSummary"));
    m_summary->setWordWrap(true);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("signatures"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
}

SignaturePanel::~SignaturePanel() = default;

QString SignaturePanel::summary() const
{
    return m_summary->text();
}

void SignaturePanel::verify(const QString &path)
{
    ++m_running;
    const int generation = ++m_generation;
    m_summary->setText(tr("Checking the signatures…"));
    auto *watcher = new QFutureWatcher<Result<QList<SignatureReport>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path, generation] {
        watcher->deleteLater();
        --m_running;
        if (generation != m_generation)
            return; // a newer file is being checked
        const Result<QList<SignatureReport>> reports = watcher->result();
        if (!reports.ok()) {
            m_model->setReports({});
            m_summary->setText(reports.error().message);
            Q_EMIT verified(path, -1);
            return;
        }
        m_model->setReports(*reports);
        const int count = int(reports->size());
        m_summary->setText(count == 0 ? tr("The document is not signed.")
                                      : tr("%n signature(s)", nullptr, count));
        m_table->resizeColumnsToContents();
        Q_EMIT verified(path, count);
    });
    watcher->setFuture(QtConcurrent::run(
        [&verifier = m_verifier, path] { return PadesVerifier(verifier).verifyFile(path); }));
}

} // namespace dms
