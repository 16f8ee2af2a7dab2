// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/OcrEngine.h"

#include <QString>
#include <QStringList>

namespace dms {

/** OCR with libtesseract, in process (the only code including tesseract's
 *  headers). Each recognizer owns one TessBaseAPI with the languages loaded
 *  (LSTM engine, automatic page segmentation); OcrJob gives each worker thread
 *  its own, so pages run in parallel one per core. Tesseract's own OpenMP
 *  threads are switched off (OMP_THREAD_LIMIT=1 set by the first engine, before
 *  any TessBaseAPI, and no active OpenMP level on each recognizing thread): on
 *  top of one page per core they make recognition several times slower.
 *  Create engines on the main thread (the first one sets the environment).
 *
 *  Language data: `<dataPath>/<language>.traineddata` for each language. */
class TesseractOcrEngine : public OcrEngine
{
public:
    struct Options
    {
        /** Tesseract language codes joined by '+'. */
        QString languages = QStringLiteral("bul+eng");
        /** The tessdata directory; empty: defaultDataPath(). */
        QString dataPath;
    };

    explicit TesseractOcrEngine(const Options &options);
    TesseractOcrEngine();

    /** Checks that every language's data file is present and readable:
     *  NotFound naming the missing language and the package to install. */
    Status check() const;

    Result<std::unique_ptr<OcrRecognizer>> createRecognizer() override;

    QString dataPath() const { return m_dataPath; }
    QStringList languages() const;

    /** $DMS_TESSDATA if set, else $TESSDATA_PREFIX if set, else Debian's
     *  /usr/share/tesseract-ocr/5/tessdata. */
    static QString defaultDataPath();

private:
    QString m_languages;
    QString m_dataPath;
};

} // namespace dms
