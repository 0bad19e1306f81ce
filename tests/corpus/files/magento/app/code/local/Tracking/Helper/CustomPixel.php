<?php
class Tracking_Helper_CustomPixel {
    const TRIALPAY_SHARED_KEY = '0ed3c6a7ad4872e3b5b045977183f5a57ffafa2f9dfa1f38eb19bbc039272145';
}
