// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace dms {

class CadesVerifier;
class SignatureModel;

/** The signatures of the document shown: verifies the file with PadesVerifier
 *  on a worker and lists each signature's result (SignatureModel). */
class SignaturePanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignaturePanel)

public:
    /** @p verifier holds the trust anchors and policy; it must outlive the panel
     *  and be usable from a worker thread. */
    explicit SignaturePanel(const CadesVerifier &verifier, QWidget *parent = nullptr);
    ~SignaturePanel() override;

    SignatureModel *model() const { return m_model; }
    bool isVerifying() const { return m_running > 0; }
    /** The summary line ("2 signatures", "No signature", or the error reading the file). */
    QString summary() const;

public Q_SLOTS:
    /** Verifies @p path in the background; verified() follows. */
    void verify(const QString &path);

Q_SIGNALS:
    /** The list shows the signatures of @p path (count rows); -1 when the file could not be read. */
    void verified(const QString &path, int count);

private:
    const CadesVerifier &m_verifier;
    SignatureModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_summary = nullptr;
    int m_running = 0;
    int m_generation = 0;
};

} // namespace dms
