// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/OcrRecognizer.h"

#include <memory>

namespace dms {

/** An OCR engine (implemented by scanning/ocr/TesseractOcrEngine, faked in
 *  tests): hands out recognizers, one per worker thread, so that pages can be
 *  recognised in parallel without sharing engine state. */
class OcrEngine
{
public:
    virtual ~OcrEngine() = default;

    /** A new recognizer with the engine's languages loaded. Thread-safe. Fails
     *  when the engine cannot run, e.g. NotFound when language data is missing. */
    virtual Result<std::unique_ptr<OcrRecognizer>> createRecognizer() = 0;
};

} // namespace dms
