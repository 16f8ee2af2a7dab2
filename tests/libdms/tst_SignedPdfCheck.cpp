// SPDX-License-Identifier: GPL-3.0-or-later
// The server's structural check of a PDF signed for a signing route: the draft's
// bytes unchanged, then an incremental update whose signature covers the whole file.
#include "sync/SignedPdfCheck.h"

#include <QTest>

using namespace dms;

namespace {

const QByteArray kDraft = QByteArrayLiteral("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");

/** The draft with an update holding a signature dictionary; `contents` is the hex
 *  string, `tail` what follows the update, `shift` moves the range's end. */
QByteArray signedWith(const QByteArray &draft, const QByteArray &contents, const QByteArray &tail = {},
                      int shift = 0)
{
    const QByteArray head = draft + QByteArrayLiteral("2 0 obj\n<< /Type /Sig /ByteRange [");
    const QByteArray placeholder(40, ' ');
    const QByteArray middle
        = QByteArrayLiteral("] /Contents <") + contents + QByteArrayLiteral("> >>\nendobj\n%%EOF\n");
    QByteArray file = head + placeholder + middle;
    const qsizetype open = file.indexOf('<', head.size() + placeholder.size());
    const qsizetype close = open + contents.size() + 2;
    const QByteArray range = QByteArray::number(0) + ' ' + QByteArray::number(open) + ' '
        + QByteArray::number(close) + ' ' + QByteArray::number(file.size() - close + shift);
    file.replace(head.size(), range.size(), range);
    return file + tail;
}

QByteArray signature()
{
    return QByteArrayLiteral("3082") + QByteArray(200, 'a') + QByteArray(100, '0');
}

} // namespace

class tst_SignedPdfCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QByteArray>("draft");
        QTest::addColumn<QByteArray>("signedPdf");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("draft plus a covering signature") << kDraft << signedWith(kDraft, signature()) << true;
        QByteArray changed = signedWith(kDraft, signature());
        changed[10] = 'X';
        QTest::newRow("draft changed") << kDraft << changed << false;
        QTest::newRow("bytes after the signature")
            << kDraft << signedWith(kDraft, signature(), QByteArrayLiteral("% more\n")) << false;
        QTest::newRow("range short of the end") << kDraft << signedWith(kDraft, signature(), {}, -1) << false;
        QTest::newRow("filler, not a signature")
            << kDraft << signedWith(kDraft, QByteArray(300, '0')) << false;
        QTest::newRow("not hex") << kDraft << signedWith(kDraft, signature().replace(10, 1, "z")) << false;
        QTest::newRow("no signature") << kDraft << kDraft + QByteArrayLiteral("% update\n") << false;
        QTest::newRow("the draft itself") << kDraft << kDraft << false;
        const QByteArray text = QByteArrayLiteral("not a PDF\n");
        QTest::newRow("draft not a PDF") << text << signedWith(text, signature()) << false;
        // The signature of the draft itself, not of an update after it.
        const QByteArray signedDraft = signedWith(kDraft, signature());
        QTest::newRow("only the draft's own signature")
            << signedDraft << signedDraft + QByteArrayLiteral("% update\n") << false;
    }

    void check()
    {
        QFETCH(QByteArray, draft);
        QFETCH(QByteArray, signedPdf);
        QFETCH(bool, accepted);
        const Status status = SignedPdfCheck::signsDraft(draft, signedPdf);
        QCOMPARE(status.ok(), accepted);
        if (!accepted) {
            QCOMPARE(status.error().code, ErrorCode::InvalidInput);
            QVERIFY(!status.error().message.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(tst_SignedPdfCheck)
#include "tst_SignedPdfCheck.moc"
