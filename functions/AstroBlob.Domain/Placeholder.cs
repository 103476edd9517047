namespace AstroBlob.Domain; public static class Placeholder { }
